// What the user asked the probes to do beyond probe files and --probe-exec: probes without code and
// the limits of the probes minify picks when none is given.
export interface CrawlLimits {
  /** Link hops from `/` (and the other entry points: robots.txt, sitemap, manifest). */
  readonly maxDepth: number;
  /** Requests per port, entry points included. */
  readonly maxPages: number;
}

export interface ProbeSettings {
  /** `--http-probe` specs, `METHOD PATH [BODY|@file] [STATUS]`. */
  readonly httpProbes: readonly string[];
  /** Container port the --http-probe requests go to (default: the lowest published). */
  readonly httpPort?: number;
  readonly crawl: CrawlLimits;
  /** `--openapi FILE|URL`: the API description to call instead of looking for one. */
  readonly openapi?: string;
}

export const DEFAULT_CRAWL: CrawlLimits = { maxDepth: 3, maxPages: 100 };

export const DEFAULT_PROBE_SETTINGS: ProbeSettings = { httpProbes: [], crawl: DEFAULT_CRAWL };
