// The requests that call every operation of a dereferenced OpenAPI 3 / Swagger 2 document (pure):
// path and query parameters and a request body from the examples first, then openapi-sampler's
// samples of the schema; the statuses the document says the operation answers.
import { sample } from 'openapi-sampler';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

export interface OperationCall {
  /** `GET /items/{id}` as documented. */
  readonly operation: string;
  readonly method: string;
  /** With parameters filled in and the query string. */
  readonly path: string;
  readonly body?: { readonly contentType: string; readonly text: string };
  /** Documented statuses: numbers, `2XX` ranges, or `default` (any). */
  readonly expect: readonly string[];
}

type Schema = Record<string, unknown>;
interface Parameter { name?: string; in?: string; required?: boolean; schema?: Schema; example?: unknown; examples?: Record<string, { value?: unknown }>; type?: string; default?: unknown }
interface MediaType { schema?: Schema; example?: unknown; examples?: Record<string, { value?: unknown }> }
interface Operation { parameters?: Parameter[]; requestBody?: { content?: Record<string, MediaType> }; responses?: Record<string, unknown>; consumes?: string[] }

export function operationCalls(document: Record<string, unknown>): OperationCall[] {
  const base = basePath(document);
  const calls: OperationCall[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const [template, item] of Object.entries(paths)) {
    const shared = (item.parameters ?? []) as Parameter[];
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const parameters = [...shared.filter((p) => !(operation.parameters ?? []).some((o) => o.name === p.name && o.in === p.in)), ...(operation.parameters ?? [])];
      let path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
        return encodeURIComponent(String(valueOf(parameter) ?? '1'));
      });
      const query = new URLSearchParams();
      for (const parameter of parameters.filter((p) => p.in === 'query' && p.name)) {
        const value = valueOf(parameter);
        if (value !== undefined) query.append(parameter.name ?? '', Array.isArray(value) ? value.join(',') : String(value));
      }
      path = `${base}${path}`.replace(/\/{2,}/g, '/') + (query.size > 0 ? `?${query}` : '');
      const body = bodyOf(operation, parameters);
      calls.push({
        operation: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        path,
        ...(body ? { body } : {}),
        expect: Object.keys(operation.responses ?? {}),
      });
    }
  }
  return calls;
}

/** True if the status is one the operation documents. */
export function documented(status: number, expect: readonly string[]): boolean {
  if (expect.length === 0) return status < 400;
  return expect.some((code) => code === 'default' || code === String(status) || (/^[1-5]XX$/i.test(code) && code[0] === String(status)[0]));
}

function basePath(document: Record<string, unknown>): string {
  if (typeof document.basePath === 'string') return document.basePath.replace(/\/$/, '');
  const servers = document.servers as Array<{ url?: string }> | undefined;
  const url = servers?.[0]?.url;
  if (!url) return '';
  try {
    return new URL(url, 'http://server').pathname.replace(/\/$/, '');
  } catch {
    return '';
  }
}

function valueOf(parameter: Parameter | undefined): unknown {
  if (!parameter) return undefined;
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values(parameter.examples ?? {})[0]?.value;
  if (named !== undefined) return named;
  const schema = parameter.schema ?? (parameter.type ? { type: parameter.type, default: parameter.default } : undefined);
  if (schema?.example !== undefined) return schema.example;
  if (!parameter.required && parameter.in === 'query') return undefined;
  return schema ? sampled(schema) : undefined;
}

function bodyOf(operation: Operation, parameters: readonly Parameter[]): OperationCall['body'] {
  const swaggerBody = parameters.find((p) => p.in === 'body');
  if (swaggerBody?.schema) {
    return { contentType: operation.consumes?.[0] ?? 'application/json', text: JSON.stringify(swaggerBody.schema.example ?? sampled(swaggerBody.schema)) };
  }
  const content = Object.entries(operation.requestBody?.content ?? {});
  const [contentType, media] = content.find(([type]) => /json/.test(type)) ?? content[0] ?? [];
  if (!contentType || !media) return undefined;
  const value = media.example ?? Object.values(media.examples ?? {})[0]?.value ?? media.schema?.example ?? (media.schema ? sampled(media.schema) : {});
  const text = typeof value === 'string' && !/json/.test(contentType) ? value : JSON.stringify(value);
  return { contentType, text };
}

function sampled(schema: Schema): unknown {
  try {
    return sample(schema as Parameters<typeof sample>[0], { skipReadOnly: true, quiet: true });
  } catch {
    return undefined;
  }
}
