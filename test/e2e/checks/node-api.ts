// Held-out check for minify-fixture/node-api:1.0: text bodies in non-UTF-8 charsets (body-parser's
// iconv-lite loads its tables lazily), a lazily required dependency, the OpenAPI document, the banner.
import type { CheckTarget, HeldOutCheck } from './check-types.js';
import { getJson, request, same, StepRecorder, untilReady } from './steps.js';

const PORT = 3000;

/** Bodies as raw bytes in their charset, with the text each must decode to. */
const BODIES: ReadonlyArray<{ charset: string; bytes: number[]; text: string }> = [
  { charset: 'iso-8859-1', bytes: [0x47, 0x72, 0xfc, 0xdf, 0x65], text: 'Grüße' },
  { charset: 'windows-1252', bytes: [0x43, 0x61, 0x66, 0xe9, 0x20, 0x63, 0x72, 0xe8, 0x6d, 0x65, 0x20, 0x80, 0x35], text: 'Café crème €5' },
  { charset: 'shift_jis', bytes: [0x82, 0xb1, 0x82, 0xf1, 0x82, 0xc9, 0x82, 0xbf, 0x82, 0xcd], text: 'こんにちは' },
  { charset: 'koi8-r', bytes: [0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4], text: 'Привет' },
];

async function run(target: CheckTarget) {
  const url = (path: string) => target.url(PORT, path);
  const rec = new StepRecorder();
  for (const body of BODIES) {
    await rec.step(`POST /text in ${body.charset}`, async () => {
      const answer = await getJson<{ charset: string; text: string; length: number }>(url('/text'), {
        method: 'POST', headers: { 'content-type': `text/plain; charset=${body.charset}` }, body: Uint8Array.from(body.bytes),
      });
      same(`/text (${body.charset})`, answer, { ...answer, charset: body.charset, text: body.text, length: [...body.text].length });
    });
  }
  await rec.step('GET /slug (lazily required slugify and its charmap)', async () => {
    const input = 'Grüße aus Köln & mehr';
    same('/slug', await getJson(url(`/slug?s=${encodeURIComponent(input)}`)), { input, slug: 'gruesse-aus-koeln-und-mehr' });
    same('/slug ligatures', await getJson(url(`/slug?s=${encodeURIComponent('Œuvre à Łódź')}`)), { input: 'Œuvre à Łódź', slug: 'oeuvre-a-lodz' });
  });
  await rec.step('GET /openapi.json describes every route', async () => {
    const doc = await getJson<{ openapi: string; paths: Record<string, unknown> }>(url('/openapi.json'));
    if (!doc.openapi.startsWith('3.')) throw new Error(`openapi is ${doc.openapi}`);
    for (const path of ['/health', '/text', '/slug', '/report', '/openapi.json']) {
      if (!(path in doc.paths)) throw new Error(`/openapi.json lacks ${path}`);
    }
  });
  await rec.step('GET /banner reads config/banner.txt', async () => {
    same('/banner', await getJson(url('/banner')), { banner: 'Welcome to node-api 1.0 (banner from config/banner.txt)' });
  });
  await rec.step('restart, then the lazy routes again', async () => {
    await target.restart();
    same('/slug', await getJson(url('/slug?s=Stra%C3%9Fe')), { input: 'Straße', slug: 'strasse' });
    const answer = await request(url('/text'), {
      method: 'POST', headers: { 'content-type': 'text/plain; charset=shift_jis' }, body: Uint8Array.from([0x93, 0xfa, 0x96, 0x7b]),
    });
    same('/text after restart', answer.status === 200 ? (JSON.parse(answer.text) as { text: string }).text : `status ${answer.status}`, '日本');
  });
  return rec.steps;
}

export const nodeApiCheck: HeldOutCheck = {
  fixture: 'node-api',
  image: 'minify-fixture/node-api:1.0',
  port: PORT,
  probe: 'probes/api.ts',
  ready: (target: CheckTarget, signal) => untilReady(signal, async () => {
    const answer = await request(target.url(PORT, '/health'));
    if (answer.status !== 200) throw new Error(`/health answered ${answer.status}`);
  }),
  run,
};
