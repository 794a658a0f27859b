import { z } from 'zod';
import { errorBodySchema } from './errors.ts';
import { defineRoute, openApiPath, type RouteDefinition } from './route.ts';

/**
 * The OpenAPI 3.1 document, built from the route definitions: the same zod schemas that validate
 * requests describe them (JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 */

type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
  description?: string;
}

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: JsonSchema }> }
  >;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, JsonSchema> };
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const JSON_TYPE = 'application/json';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const converted: JsonSchema = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  delete converted['$schema'];
  return converted;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): Parameter[] {
  if (!schema) return [];
  const converted = jsonSchema(schema, 'input');
  const properties = isRecord(converted['properties']) ? converted['properties'] : {};
  const required = new Set(Array.isArray(converted['required']) ? converted['required'] : []);
  return Object.entries(properties).map(([name, property]) => {
    const propertySchema = isRecord(property) ? property : {};
    const description =
      typeof propertySchema['description'] === 'string' ? propertySchema['description'] : undefined;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      schema: propertySchema,
      ...(description !== undefined && { description }),
    };
  });
}

/** Every `:name` of the path is a parameter, described by the params schema when it has one. */
function pathParameters(route: RouteDefinition): Parameter[] {
  const described = parametersOf(route.params, 'path');
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
  return names.map(
    (name) =>
      described.find((p) => p.name === name) ?? {
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      },
  );
}

function responsesOf(route: RouteDefinition): Operation['responses'] {
  const responses: Operation['responses'] = {};
  const hasInput =
    route.params !== undefined || route.query !== undefined || route.body !== undefined;
  const standard: Record<string, string> = {
    ...(hasInput && { 400: 'Invalid input: each refused field is named in `details`' }),
    ...(route.auth !== 'public' && route.auth !== 'secret' && {
      401: 'No valid API token',
      403: `Needs the ${route.auth} role or more`,
    }),
    ...(route.body !== undefined && { 413: 'Body over 1 MiB', 415: 'Body is not JSON' }),
  };
  for (const [status, description] of Object.entries(standard)) {
    responses[status] = { description, content: { [JSON_TYPE]: { schema: ERROR_REF } } };
  }
  for (const [status, spec] of Object.entries(route.responses)) {
    const isError = Number(status) >= 400;
    const schema = spec.schema
      ? jsonSchema(spec.schema, 'output')
      : isError
        ? ERROR_REF
        : undefined;
    responses[status] = {
      description: spec.description,
      ...(schema && { content: { [spec.contentType ?? JSON_TYPE]: { schema } } }),
    };
  }
  responses['default'] = {
    description: 'An error',
    content: { [JSON_TYPE]: { schema: ERROR_REF } },
  };
  return responses;
}

function operationOf(route: RouteDefinition): Operation {
  const parameters = [...pathParameters(route), ...parametersOf(route.query, 'query')];
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: route.tags,
    security: route.auth === 'public' || route.auth === 'secret' ? [] : [{ bearerAuth: [] }],
    ...(parameters.length > 0 && { parameters }),
    ...(route.body && {
      requestBody: {
        required: true,
        content: { [JSON_TYPE]: { schema: jsonSchema(route.body, 'input') } },
      },
    }),
    responses: responsesOf(route),
  };
}

/** The OpenAPI 3.1 document of a list of routes. */
export function buildOpenApiDocument(
  routes: readonly RouteDefinition[],
  options: { serverUrl?: string } = {},
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.url);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'hikeshi API',
      version: '1.0.0',
      description:
        'Incident response: reports, incidents, roles, postmortems and prevention actions. Authenticate with `Authorization: Bearer <token>`. Errors are `{"error": {"code", "message", "details"}}`, the message in the user’s language (or Accept-Language: ja/en).',
    },
    ...(options.serverUrl && { servers: [{ url: options.serverUrl }] }),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (`hks_…`)' },
      },
      schemas: { Error: jsonSchema(errorBodySchema, 'output') },
    },
  };
}

/** `GET /api/v1/openapi.json`: the document of every route the server has (built once). */
export function openApiRoute(
  routes: () => readonly RouteDefinition[],
  serverUrl: string,
): RouteDefinition {
  let document: OpenApiDocument | undefined;
  return defineRoute({
    method: 'GET',
    url: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    tags: ['meta'],
    auth: 'public',
    responses: { 200: { description: 'The OpenAPI 3.1 document' } },
    handler() {
      document ??= buildOpenApiDocument(routes(), { serverUrl });
      return document;
    },
  });
}
