// The OpenAPI probe: calls every operation of the app's API description (found at the usual paths,
// or given with --openapi FILE|URL), parsed and dereferenced with @apidevtools/swagger-parser, and
// expects a status the document lists for it. Each operation and its status goes in the report.
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { load as parseYaml } from 'js-yaml';
import { ExitCode, MinifyError } from '../../errors.js';
import { ProbeFailure, type Probe, type ProbeContext } from '../types.js';
import { documented, operationCalls } from './requests.js';

export const SPEC_PATHS = ['/openapi.json', '/openapi.yaml', '/swagger.json', '/v3/api-docs', '/api-docs', '/docs/openapi.json'];

/** The first usual path that serves an OpenAPI or Swagger document. */
export async function findSpec(ctx: ProbeContext, port: number): Promise<string | undefined> {
  for (const path of SPEC_PATHS) {
    const response = await ctx.http.get(path, { port, timeoutMs: 5000 }).catch(() => undefined);
    if (response?.status === 200 && /["']?(openapi|swagger)["']?\s*:/.test(response.body.slice(0, 2000))) return path;
  }
  return undefined;
}

/** `--openapi FILE|URL`: a file is read now (a missing one is exit 4); a URL's path is asked of the app. */
export async function openapiSource(value: string): Promise<{ file: string } | { path: string }> {
  if (/^https?:\/\//i.test(value)) {
    const url = new URL(value);
    return { path: url.pathname + url.search };
  }
  if (value.startsWith('/') && !(await exists(value))) return { path: value };
  const file = resolve(value);
  if (!(await exists(file))) throw new MinifyError(`--openapi ${value}: no such file`, { code: ExitCode.notFound, hint: 'give an OpenAPI file, or a URL/path the app serves it at, e.g. --openapi /openapi.json' });
  return { file };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** Calls every operation on `port` (default: the lowest published port). */
export function openapiProbe(source: { file: string } | { path: string }, port?: number): Probe {
  const label = 'file' in source ? source.file : source.path;
  return {
    name: `openapi ${label}${port !== undefined ? ` :${port}` : ''}`,
    run: async (ctx) => {
      const target = port ?? ctx.ports[0];
      if (target === undefined) throw new ProbeFailure('the image publishes no port to call the API on');
      let document: Record<string, unknown>;
      try {
        // Fetched through ctx.http like every other request (it is traced traffic too), then parsed here.
        const parsed = 'file' in source
          ? source.file
          : (parseYaml((await ctx.http.get(source.path, { port: target, expect: { status: 200 } })).body) as object); // YAML is a superset of JSON
        document = (await SwaggerParser.dereference(parsed as string)) as unknown as Record<string, unknown>;
      } catch (error) {
        throw new ProbeFailure(`the OpenAPI document ${label} cannot be read: ${(error as Error).message.split('\n')[0]}`);
      }
      const wrong: string[] = [];
      for (const call of operationCalls(document)) {
        const response = await ctx.http.request(call.method, call.path, {
          port: target,
          timeoutMs: 15_000,
          // The document names statuses, not bodies (sampled requests make ids, clocks): status and type are compared.
          volatile: { body: true },
          ...(call.body ? { body: call.body.text, headers: { 'content-type': call.body.contentType } } : {}),
        });
        ctx.record(`${call.method} ${call.path}`, response.status);
        if (!documented(response.status, call.expect)) wrong.push(`${call.operation}: ${response.status}, documented ${call.expect.join('/') || '< 400'}`);
      }
      if (wrong.length > 0) throw new ProbeFailure(`operations answered a status their document does not list: ${wrong.slice(0, 5).join('; ')}`);
    },
  };
}
