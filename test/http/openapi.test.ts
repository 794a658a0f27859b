import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/adapters/http/openapi.ts';
import { openApiPath } from '../../src/adapters/http/route.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every `$ref` in a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), document);
}

describe.each(testDatabaseKinds())('GET /api/v1/openapi.json (%s)', (kind) => {
  let server: TestServer;
  let document: OpenApiDocument;
  const registered: { method: string; url: string }[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind, {
      server: {
        beforeRoutes: (app) =>
          app.addHook('onRoute', (route) => {
            const methods = Array.isArray(route.method) ? route.method : [route.method];
            for (const method of methods) registered.push({ method: method.toLowerCase(), url: route.url });
          }),
      },
    });
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    document = response.json<OpenApiDocument>();
  });
  afterAll(async () => {
    await server.close();
  });

  it('documents every /api/v1 route Fastify registered, with the same method', () => {
    const apiRoutes = registered.filter((r) => r.url.startsWith('/api/v1') && r.method !== 'head');
    expect(apiRoutes.length).toBeGreaterThan(5);
    for (const route of apiRoutes) {
      expect(document.paths[openApiPath(route.url)]?.[route.method], `${route.method} ${route.url}`).toBeDefined();
    }
  });

  it('documents only real routes', () => {
    const real = new Set(registered.map((r) => `${r.method} ${openApiPath(r.url)}`));
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) expect(real.has(`${method} ${path}`), `${method} ${path}`).toBe(true);
    }
  });

  it('is a structurally valid OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toEqual(expect.any(String));
    expect(document.info.version).toEqual(expect.any(String));
    expect(document.components.securitySchemes['bearerAuth']).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    const operationIds: string[] = [];
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const [path, operations] of Object.entries(document.paths)) {
      expect(path.startsWith('/'), path).toBe(true);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, operation] of Object.entries(operations)) {
        expect(METHODS, method).toContain(method);
        operationIds.push(operation.operationId);
        const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
        expect(pathParams.map((p) => p.name).sort(), `${method} ${path}`).toEqual(templated);
        expect(pathParams.every((p) => p.required)).toBe(true);
        for (const parameter of operation.parameters ?? []) ajv.compile(parameter.schema);
        for (const content of Object.values(operation.requestBody?.content ?? {})) ajv.compile(content.schema);
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(status === 'default' || /^[1-5]\d\d$/.test(status), status).toBe(true);
          expect(response.description, `${operation.operationId} ${status}`).not.toBe('');
          for (const content of Object.values(response.content ?? {})) {
            if (!('$ref' in content.schema)) ajv.compile(content.schema);
          }
        }
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
    for (const ref of refsIn(document)) expect(resolvePointer(document, ref), ref).toBeDefined();
    ajv.compile(document.components.schemas['Error'] ?? {});
  });

  it('describes inputs and security from the route definitions', () => {
    const createUser = document.paths['/api/v1/users']?.['post'];
    expect(createUser?.security).toEqual([{ bearerAuth: [] }]);
    expect(createUser?.requestBody?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['name', 'email', 'role'],
      additionalProperties: false,
    });
    expect(Object.keys(createUser?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', 'default']));
    const listUsers = document.paths['/api/v1/users']?.['get'];
    expect(listUsers?.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ['limit', 'query', false],
      ['cursor', 'query', false],
      ['role', 'query', false],
      ['isActive', 'query', false],
    ]);
    expect(document.paths['/healthz']?.['get']?.security).toEqual([]);
  });
});
