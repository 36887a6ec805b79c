// `minify run` flags for probes without code and for the probes minify picks itself (the crawl, OpenAPI).
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { DEFAULT_CRAWL, type ProbeSettings } from '../probes/settings.js';

interface ProbeFlags {
  httpProbe: string[];
  httpPort?: number;
  crawlDepth: number;
  crawlPages: number;
  openapi?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function integer(flag: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, got "${value}"`, `e.g. ${flag} ${min}`);
    return n;
  };
}

export function addProbeOptions(command: Command): Command {
  return command
    .option('--http-probe <spec>', "probe without code: 'METHOD PATH [JSON|@file] [STATUS]', e.g. 'GET /health 200'; repeatable", collect, [])
    .option('--http-port <port>', 'container port for --http-probe (default: the lowest published)', integer('--http-port', 1, 65535))
    .option('--crawl-depth <n>', 'default crawl: link hops from / and the other entry points', integer('--crawl-depth', 0, 100), DEFAULT_CRAWL.maxDepth)
    .option('--crawl-pages <n>', 'default crawl: at most this many requests per port', integer('--crawl-pages', 1, 100_000), DEFAULT_CRAWL.maxPages)
    .option('--openapi <file|url>', 'call every operation of this OpenAPI/Swagger document (a file, or a URL/path the app serves it at) on --http-port; without any probe, minify looks for one at /openapi.json, /swagger.json ...');
}

export function probeSettingsFrom(flags: ProbeFlags): ProbeSettings {
  return {
    httpProbes: flags.httpProbe,
    ...(flags.httpPort !== undefined ? { httpPort: flags.httpPort } : {}),
    crawl: { maxDepth: flags.crawlDepth, maxPages: flags.crawlPages },
    ...(flags.openapi !== undefined ? { openapi: flags.openapi } : {}),
  };
}

export type { ProbeFlags };
