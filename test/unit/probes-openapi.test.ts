// OpenAPI: the calls built from a document (examples first, then samples of the schema; path, query
// and body; Swagger 2 too) and which statuses count as documented.
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { documented, operationCalls } from '../../src/probes/openapi/requests.js';

describe('operationCalls', () => {
  it('calls every operation of the node-api fixture with its examples', async () => {
    const document = JSON.parse(readFileSync('fixtures/node-api/openapi.json', 'utf8')) as Record<string, unknown>;
    const calls = operationCalls(document);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /', 'GET /health', 'GET /gzip', 'GET /hash?s=minify', 'GET /report', 'GET /spawn', 'POST /text',
      'GET /slug?s=Gr%C3%BC%C3%9Fe+aus+K%C3%B6ln+%26+mehr', 'GET /git-version', 'GET /banner', 'GET /openapi.json',
    ]);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ contentType: 'text/plain; charset=windows-1252', text: 'Café crème €5' });
    expect(calls[1]?.expect).toEqual(['200']);
  });

  it('fills path parameters, $refs and bodies from schemas when there is no example (OpenAPI 3 and Swagger 2)', async () => {
    const v3 = await SwaggerParser.dereference({
      openapi: '3.0.3', info: { title: 't', version: '1' }, servers: [{ url: 'http://api.example/v1/' }],
      paths: {
        '/items/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 7 } }],
          put: {
            parameters: [{ name: 'dry', in: 'query', schema: { type: 'boolean' } }, { name: 'tag', in: 'query', required: true, schema: { type: 'string', enum: ['a', 'b'] } }],
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
            responses: { '2XX': { description: 'ok' }, 404: { description: 'missing' } },
          },
        },
      },
      components: { schemas: { Item: { type: 'object', required: ['name'], properties: { name: { type: 'string', example: 'x' }, n: { type: 'integer' } } } } },
    } as never);
    expect(operationCalls(v3 as unknown as Record<string, unknown>)).toEqual([{
      operation: 'PUT /items/{id}', method: 'PUT', path: '/v1/items/7?tag=a',
      body: { contentType: 'application/json', text: '{"name":"x","n":0}' }, expect: ['404', '2XX'],
    }]);
    const v2 = { swagger: '2.0', basePath: '/api', paths: { '/pets': { post: { consumes: ['application/json'], parameters: [{ name: 'pet', in: 'body', schema: { type: 'object', properties: { name: { type: 'string' } } } }], responses: { 201: {} } } } } };
    expect(operationCalls(v2)).toEqual([{ operation: 'POST /pets', method: 'POST', path: '/api/pets', body: { contentType: 'application/json', text: '{"name":"string"}' }, expect: ['201'] }]);
  });
});

describe('documented', () => {
  it('matches exact codes, ranges and default', () => {
    expect(documented(200, ['200', '404'])).toBe(true);
    expect(documented(500, ['200', '404'])).toBe(false);
    expect(documented(204, ['2XX'])).toBe(true);
    expect(documented(503, ['default'])).toBe(true);
    expect(documented(404, [])).toBe(false);
  });
});
