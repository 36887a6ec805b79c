// The crawl of an HTTP port, minify's probe when the user gives none: `/` and the files a site has
// for visitors other than people (robots.txt, sitemap.xml and its URLs, favicon.ico, security.txt,
// web manifests) and one missing path (the 404 page), then same-host links breadth-first within
// the depth and page limits; pages are asked for compressed, and one static file is fetched again
// with HEAD, a Range and a conditional request. Every URL and its status is recorded for the report.
import { randomBytes } from 'node:crypto';
import { kindOf, linksOf } from './crawl-links.js';
import { DEFAULT_CRAWL, type CrawlLimits } from './settings.js';
import { ProbeFailure, type HttpResponse, type Probe, type ProbeContext } from './types.js';

const ENTRY_POINTS = ['/robots.txt', '/sitemap.xml', '/favicon.ico', '/.well-known/security.txt'];
const COMPRESSED = { 'accept-encoding': 'gzip, br' };
/** Pages may change between runs (dates, counters): the behaviour diff only holds a crawl to not failing where the source succeeded. */
const CRAWL_VOLATILE = { body: true, headers: ['content-type'], status: 'success' } as const;

/**
 * The first run (the trace, on the source image) sets the baseline; a later run (verify, on the slim
 * image) fails on a URL that answered 2xx/3xx then and answers 4xx/5xx now.
 */
export function crawlPortProbe(port: number, limits: CrawlLimits = DEFAULT_CRAWL): Probe {
  const missing = `/minify-missing-${randomBytes(6).toString('hex')}`;
  let baseline: ReadonlyMap<string, number> | undefined;
  return {
    name: `crawl :${port}`,
    run: async (ctx) => {
      const statuses = await crawlPort(ctx, port, limits, missing);
      if (!baseline) {
        baseline = statuses;
        return;
      }
      const lost = [...statuses].filter(([path, status]) => status >= 400 && (baseline?.get(path) ?? 400) < 400);
      if (lost.length > 0) {
        throw new ProbeFailure(`${lost.map(([path, status]) => `GET ${path}: ${status}, was ${baseline?.get(path)} on the source`).slice(0, 5).join('; ')}`);
      }
    },
  };
}

interface Pending {
  readonly path: string;
  readonly depth: number;
  /** A page the site links to: a 5xx there fails the probe (an entry point that errs is only recorded). */
  readonly linked: boolean;
}

/** Crawls one port and returns each URL's status. */
export async function crawlPort(ctx: ProbeContext, port: number, limits: CrawlLimits, missing: string): Promise<Map<string, number>> {
  const statuses = new Map<string, number>();
  const queue: Pending[] = [{ path: '/', depth: 0, linked: true }, ...[...ENTRY_POINTS, missing].map((path) => ({ path, depth: 0, linked: false }))];
  const seen = new Set(queue.map((item) => item.path));
  let requests = 0;
  let staticFile: { path: string; response: HttpResponse } | undefined;
  while (queue.length > 0 && requests < limits.maxPages && !ctx.signal.aborted) {
    const item = queue.shift() as Pending;
    requests++;
    const response = await ctx.http.get(item.path, { port, timeoutMs: 10_000, headers: COMPRESSED, volatile: CRAWL_VOLATILE });
    ctx.record(`GET ${item.path}`, response.status);
    statuses.set(item.path, response.status);
    if (response.status >= 500 && item.linked) throw new ProbeFailure(`GET ${item.path} on port ${port}: status ${response.status}`);
    if (response.status < 200 || response.status > 299 || item.path === missing) continue;
    const kind = kindOf(item.path, response.headers['content-type'] ?? '');
    if (kind === 'other' && !staticFile && (response.headers.etag || response.headers['last-modified'])) staticFile = { path: item.path, response };
    if (item.depth >= limits.maxDepth) continue;
    for (const link of linksOf(kind, response.body, item.path, ctx.url(port, '/'))) {
      if (seen.has(link)) continue;
      seen.add(link);
      queue.push({ path: link, depth: item.depth + 1, linked: true });
    }
  }
  if (staticFile) await revisit(ctx, port, staticFile.path, staticFile.response);
  ctx.log(`port ${port}: crawled ${requests} URL(s)${queue.length > 0 ? `, ${queue.length} left over at --crawl-pages ${limits.maxPages}` : ''}`);
  return statuses;
}

/** HEAD, a byte range and a conditional GET of one static file: the code paths a browser's cache and a download manager take. */
async function revisit(ctx: ProbeContext, port: number, path: string, first: HttpResponse): Promise<void> {
  const head = await ctx.http.request('HEAD', path, { port, volatile: CRAWL_VOLATILE });
  ctx.record(`HEAD ${path}`, head.status);
  const range = await ctx.http.get(path, { port, headers: { range: 'bytes=0-0' }, volatile: CRAWL_VOLATILE });
  ctx.record(`GET ${path} (Range: bytes=0-0)`, range.status);
  const conditional: Record<string, string> = first.headers.etag ? { 'if-none-match': first.headers.etag } : { 'if-modified-since': first.headers['last-modified'] ?? '' };
  const again = await ctx.http.get(path, { port, headers: conditional, volatile: CRAWL_VOLATILE });
  ctx.record(`GET ${path} (${first.headers.etag ? 'If-None-Match' : 'If-Modified-Since'})`, again.status);
}
