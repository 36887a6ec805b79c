// Held-out check for minify-fixture/python-web:1.0: handlers with lazy stdlib imports, zones no probe
// asks for, templates through inheritance and includes, and sqlite notes that survive a restart.
import type { CheckTarget, HeldOutCheck } from './check-types.js';
import { getJson, request, same, StepRecorder, untilReady } from './steps.js';

const PORT = 8000;
const TS = 1_700_000_000; // 2023-11-14T22:13:20Z

const ZONES: ReadonlyArray<{ tz: string; local: string; offset: string; abbrev: string }> = [
  { tz: 'Asia/Tokyo', local: '2023-11-15T07:13:20+09:00', offset: '+0900', abbrev: 'JST' },
  { tz: 'America/Sao_Paulo', local: '2023-11-14T19:13:20-03:00', offset: '-0300', abbrev: '-03' },
  { tz: 'Europe/Berlin', local: '2023-11-14T23:13:20+01:00', offset: '+0100', abbrev: 'CET' },
  { tz: 'Pacific/Chatham', local: '2023-11-15T11:58:20+13:45', offset: '+1345', abbrev: '+1345' },
];

const CSV = 'id,name,price\r\n1,"apple, red",0.50\r\n2,"pear ""conference""",0.75\r\n';

async function run(target: CheckTarget) {
  const url = (path: string) => target.url(PORT, path);
  const rec = new StepRecorder();

  await rec.step('statistics (imported in the handler)', async () => {
    const stats = await getJson(url('/stats?values=2,4,4,4,5,5,7,9'));
    same('/stats', stats, { count: 8, mean: 5, median: 4.5, stdev: 2.13809 });
  });
  await rec.step('csv (imported in the handler)', async () => {
    const answer = await request(url('/export.csv'));
    same('/export.csv status', answer.status, 200);
    same('/export.csv body', answer.text, CSV);
  });
  await rec.step('decimal (imported in the handler)', async () => {
    same('/invoice', await getJson(url('/invoice?price=19.99&qty=3&vat=0.19')), { net: '59.97', vat: '11.39', total: '71.36' });
  });
  await rec.step('email.utils (imported in the handler)', async () => {
    same('/http-date', await getJson(url(`/http-date?ts=${TS}`)), { formatted: 'Tue, 14 Nov 2023 22:13:20 GMT', parsed: '2023-11-14T22:13:20+00:00' });
  });
  for (const zone of ZONES) {
    await rec.step(`zoneinfo ${zone.tz}`, async () => {
      same(`/time?tz=${zone.tz}`, await getJson(url(`/time?tz=${encodeURIComponent(zone.tz)}&ts=${TS}`)), zone);
    });
  }
  await rec.step('template with extends, super() and include', async () => {
    const answer = await request(url('/report'));
    same('/report status', answer.status, 200);
    for (const piece of ['<title>Report - python-web</title>', '<nav><strong>python-web</strong></nav>', '<tr><td>Apples</td><td>3</td></tr>', '<p>Total: 8</p>']) {
      if (!answer.text.includes(piece)) throw new Error(`/report lacks ${piece}`);
    }
  });

  const note = `held-out note ${Date.now()} ü`;
  await rec.step('sqlite file created at run time', async () => {
    const created = await getJson<{ id: number; text: string }>(url('/notes'), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: note }),
    });
    same('POST /notes text', created.text, note);
    const notes = await getJson<Array<{ text: string }>>(url('/notes'));
    if (!notes.some((n) => n.text === note)) throw new Error(`GET /notes lacks the new note: ${JSON.stringify(notes)}`);
  });
  await rec.step('restart keeps the notes', async () => {
    await target.restart();
    const notes = await getJson<Array<{ text: string }>>(url('/notes'));
    if (!notes.some((n) => n.text === note)) throw new Error(`after a restart GET /notes lacks the note: ${JSON.stringify(notes)}`);
  });
  return rec.steps;
}

export const pythonWebCheck: HeldOutCheck = {
  fixture: 'python-web',
  image: 'minify-fixture/python-web:1.0',
  port: PORT,
  probe: 'probes/python-web.ts',
  ready: (target, signal) => untilReady(signal, async () => {
    const answer = await request(target.url(PORT, '/health'));
    if (answer.status !== 200) throw new Error(`/health answered ${answer.status}`);
  }),
  run,
};
