// The probe used when the user gives none: GET / on every published port and crawl same-host links
// breadth-first (depth and page limits from the flags); a non-HTTP port passes if a TCP connection
// to it stays open.
import { portAnswers } from '../trace/port-ready.js';
import { DEFAULT_CRAWL, type CrawlLimits } from './settings.js';
import { ProbeFailure, type Probe, type ProbeContext } from './types.js';

/** Pages may change between runs (dates, counters): the behaviour diff only holds a crawl to not failing where the source succeeded. */
const CRAWL_VOLATILE = { body: true, headers: ['content-type'], status: 'success' } as const;

export function crawlProbe(limits: CrawlLimits = DEFAULT_CRAWL): Probe {
  return {
    name: 'default http crawl',
    run: async (ctx) => {
      if (ctx.ports.length === 0) ctx.log('no published ports: nothing to probe');
      for (const port of ctx.ports) await probePort(ctx, port, limits);
    },
  };
}

export const defaultHttpProbe: Probe = crawlProbe();

async function probePort(ctx: ProbeContext, port: number, limits: CrawlLimits): Promise<void> {
  try {
    await ctx.http.get('/', { port, timeoutMs: 5000, volatile: CRAWL_VOLATILE });
  } catch {
    if (await portAnswers(ctx.hostPort(port))) {
      ctx.log(`port ${port}: not HTTP, but a TCP connection stays open`);
      return;
    }
    throw new ProbeFailure(`port ${port} answers neither HTTP nor TCP`);
  }
  const seen = new Set<string>(['/']);
  let frontier = ['/'];
  let pages = 0;
  for (let depth = 0; depth <= limits.maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const path of frontier) {
      if (pages >= limits.maxPages || ctx.signal.aborted) break;
      pages++;
      const response = await ctx.http.get(path, { port, timeoutMs: 10_000, volatile: CRAWL_VOLATILE });
      if (response.status >= 500) throw new ProbeFailure(`GET ${path} on port ${port}: status ${response.status}`);
      const type = response.headers['content-type'] ?? '';
      if (!type.includes('html')) continue;
      for (const link of sameHostLinks(response.body, path, ctx.url(port, '/'))) {
        if (!seen.has(link)) {
          seen.add(link);
          next.push(link);
        }
      }
    }
    frontier = next;
  }
  ctx.log(`port ${port}: crawled ${pages} page(s)`);
}

/** href/src values that stay on the same host, as absolute paths with query. */
export function sameHostLinks(html: string, basePath: string, origin: string): string[] {
  const links: string[] = [];
  const base = new URL(basePath, origin);
  for (const match of html.matchAll(/\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi)) {
    const raw = (match[1] ?? match[2] ?? match[3] ?? '').trim();
    if (!raw || raw.startsWith('#') || /^(?:mailto|javascript|data|tel):/i.test(raw)) continue;
    let url: URL;
    try {
      url = new URL(raw, base);
    } catch {
      continue;
    }
    if (url.origin !== base.origin) continue;
    links.push(url.pathname + url.search);
  }
  return links;
}
