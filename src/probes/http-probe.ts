// `--http-probe 'POST /items {"name":"x"} 201'`: a probe without code. The spec is METHOD PATH
// [BODY] [STATUS], BODY being inline JSON or @file; without STATUS any status below 400 passes.
import { readFile } from 'node:fs/promises';
import { ExitCode, MinifyError, UsageError } from '../errors.js';
import { ProbeFailure, type Probe } from './types.js';

const FLAG = '--http-probe';
const EXAMPLE = `e.g. ${FLAG} 'GET /health 200' or ${FLAG} 'POST /items {"name":"x"} 201'`;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface HttpProbeSpec {
  readonly method: string;
  readonly path: string;
  /** Inline JSON, or `@file` to be read when the probe loads. */
  readonly body?: { readonly json: string } | { readonly file: string };
  readonly status?: number;
}

/** Parses the flag's value (pure); the body's JSON is checked here so a typo fails before any container starts. */
export function parseHttpProbe(spec: string): HttpProbeSpec {
  const match = /^\s*(\S+)\s+(\S+)(.*)$/s.exec(spec);
  if (!match) throw new UsageError(`${FLAG} ${JSON.stringify(spec)} needs at least a method and a path`, EXAMPLE);
  const method = (match[1] ?? '').toUpperCase();
  const path = match[2] ?? '';
  let rest = (match[3] ?? '').trim();
  if (!METHODS.has(method)) throw new UsageError(`${FLAG} ${JSON.stringify(spec)}: unknown method ${JSON.stringify(match[1])}`, `one of ${[...METHODS].join(', ')}; ${EXAMPLE}`);
  if (!path.startsWith('/')) throw new UsageError(`${FLAG} ${JSON.stringify(spec)}: the path must start with /`, EXAMPLE);
  let status: number | undefined;
  const statusMatch = /(?:^|\s)(\d{3})$/.exec(rest);
  if (statusMatch) {
    status = Number(statusMatch[1]);
    rest = rest.slice(0, rest.length - (statusMatch[1] ?? '').length).trim();
    if (status < 100 || status > 599) throw new UsageError(`${FLAG} ${JSON.stringify(spec)}: ${status} is not an HTTP status`, EXAMPLE);
  }
  if (!rest) return { method, path, ...(status !== undefined ? { status } : {}) };
  if (method === 'GET' || method === 'HEAD') throw new UsageError(`${FLAG} ${JSON.stringify(spec)}: a ${method} request has no body`, EXAMPLE);
  let body: HttpProbeSpec['body'];
  if (rest.startsWith('@')) {
    body = { file: rest.slice(1) };
    if (!body.file) throw new UsageError(`${FLAG} ${JSON.stringify(spec)}: @ needs a file name`, `e.g. ${FLAG} 'POST /items @item.json 201'`);
  } else {
    try {
      JSON.parse(rest);
    } catch (error) {
      throw new UsageError(`${FLAG} ${JSON.stringify(spec)}: the body is not JSON (${(error as Error).message})`, `quote the whole spec once and the JSON inside it with double quotes; ${EXAMPLE}`);
    }
    body = { json: rest };
  }
  return { method, path, body, ...(status !== undefined ? { status } : {}) };
}

/** The probe for one spec; an @file body is read now (a missing file is exit 4 before anything starts). */
export async function httpProbe(spec: string, port?: number): Promise<Probe> {
  const parsed = parseHttpProbe(spec);
  const body = parsed.body && 'file' in parsed.body ? await readBody(parsed.body.file) : parsed.body?.json;
  const sent = body === undefined ? {} : { body, headers: { 'content-type': contentTypeOf(body) } };
  const label = `${parsed.method} ${parsed.path}`;
  return {
    name: `http: ${label}${parsed.body && 'file' in parsed.body ? ` @${parsed.body.file}` : ''}${parsed.status ? ` ${parsed.status}` : ''}`,
    run: async (ctx) => {
      const response = await ctx.http.request(parsed.method, parsed.path, {
        ...sent,
        // A one-line probe names a status, not a body: bodies with clocks or ids would fail the behaviour diff.
        volatile: { body: true },
        ...(port !== undefined ? { port } : {}),
        ...(parsed.status !== undefined ? { expect: { status: parsed.status } } : {}),
      });
      if (parsed.status === undefined && response.status >= 400) throw new ProbeFailure(`${label}: status ${response.status} (give the expected status to accept it, e.g. '${label} ${response.status}')`);
      ctx.log(`${label}: ${response.status}`);
    },
  };
}

async function readBody(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new MinifyError(`${FLAG} body file ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      code: ExitCode.notFound, hint: 'give a path relative to the current directory, e.g. @probes/item.json',
    });
  }
}

function contentTypeOf(body: string): string {
  try {
    JSON.parse(body);
    return 'application/json';
  } catch {
    return 'text/plain';
  }
}
