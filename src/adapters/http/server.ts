import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { requestLocale } from './auth.ts';
import type { HttpDeps } from './deps.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  domainErrorResponse,
  errorResponse,
  transportErrorResponse,
  type HttpError,
} from './errors.ts';
import { AuthCache, keepAuthCacheFresh } from './auth-cache.ts';
import { ExpiringCache } from './expiring-cache.ts';
import type { AlertSourceRow } from '../../store/alerts.ts';
import { isMutablePlaybookRegistry } from '../../app/playbook-registry.ts';
import { keepPlaybookInForce } from './playbook-sync.ts';
import { healthRoute } from './health.routes.ts';
import { openApiRoute } from './openapi.ts';
import { keepRawBody } from './raw-body.ts';
import type { HttpMethod, RouteDefinition } from './route.ts';
import { runRoute } from './run-route.ts';
import { isStrictObject } from './validation.ts';
import { loadWebApp, type WebApp } from './web-app.ts';

/** Request bodies above this are refused with 413 `payload_too_large`. */
/** Large enough for a postmortem written in Japanese (3 bytes a character), small enough to refuse abuse. */
export const BODY_LIMIT = 1024 * 1024;

export interface ServerOptions {
  /** pino level: fatal, error, warn, info, debug, trace or silent. Default info. */
  logLevel?: string;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: { write(line: string): void };
  /** Check every JSON answer against its documented schema (tests). */
  checkResponses?: boolean;
  /**
   * Called before the routes are registered, to add hooks that must see them (e.g. `onRoute`).
   * Needed because the promise of a Fastify instance only resolves once the instance is ready.
   */
  beforeRoutes?: (app: FastifyInstance) => void;
  /** The built web app's directory (web/dist); served at `/` when it exists (web-app.ts). */
  webRoot?: string;
}

/** Log paths that must never be written: credentials. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'request.headers.authorization',
];

function checkRouteDefinitions(routes: readonly RouteDefinition[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    if (seen.has(route.operationId))
      throw new Error(`Two routes have the operationId ${route.operationId}`);
    seen.add(route.operationId);
    for (const [name, schema] of [
      ['params', route.params],
      ['query', route.query],
    ] as const) {
      if (schema && !isStrictObject(schema)) {
        throw new Error(
          `${route.operationId}: ${name} must be a z.strictObject (unknown fields are refused)`,
        );
      }
    }
  }
}

function send(reply: FastifyReply, error: HttpError): FastifyReply {
  if (error.status === 401) reply.header('www-authenticate', 'Bearer realm="hikeshi"');
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.body);
}

/** Which methods each path pattern has, to tell 405 from 404. */
function methodTable(
  routes: readonly RouteDefinition[],
): { pattern: RegExp; methods: Set<string> }[] {
  const byUrl = new Map<string, Set<string>>();
  for (const route of routes) {
    const methods = byUrl.get(route.url) ?? new Set<string>();
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
    byUrl.set(route.url, methods);
  }
  return [...byUrl].map(([url, methods]) => {
    const source = url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    return { pattern: new RegExp(`^${source}$`), methods };
  });
}

function notFoundHandler(routes: readonly RouteDefinition[], webApp: WebApp | undefined) {
  const table = methodTable(routes);
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (webApp?.serve(request, reply)) return reply;
    const locale = requestLocale(request);
    const path = request.url.split('?')[0] ?? '';
    const allowed = table
      .filter((entry) => entry.pattern.test(path))
      .flatMap((entry) => [...entry.methods]);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return send(
        reply,
        transportErrorResponse('method_not_allowed', locale, {
          method: request.method,
          allowed: allowed.join(', '),
        }),
      );
    }
    return send(
      reply,
      domainErrorResponse(
        new DomainError('not_found', { what: `${request.method} ${path}` }),
        locale,
      ),
    );
  };
}

/** The HTTP server: the given routes plus `GET /healthz` and `GET /api/v1/openapi.json`. */
export async function buildServer(
  given: HttpDeps,
  routes: RouteDefinition[],
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const authCache = given.authCache ?? new AuthCache();
  const alertSourceCache = given.alertSourceCache ?? new ExpiringCache<AlertSourceRow>();
  const deps: HttpDeps = { ...given, authCache, alertSourceCache };
  const all: RouteDefinition[] = [...routes, healthRoute];
  all.push(openApiRoute(() => all, deps.config.publicUrl));
  checkRouteDefinitions(all);
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: {
      level: options.logLevel ?? 'info',
      redact: { paths: REDACTED, censor: '[redacted]' },
      // `?token=` carries alert-source secrets (tools that can only be given a URL): never logged.
      serializers: {
        req: (request: { method: string; url: string; hostname?: string; ip?: string }) => ({
          method: request.method,
          url: request.url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]'),
          hostname: request.hostname,
          remoteAddress: request.ip,
        }),
      },
      ...(options.logStream && { stream: options.logStream }),
    },
  });
  useJsonOnly(app);
  app.setErrorHandler(async (error, request, reply) => {
    const response = errorResponse(error, requestLocale(request), { bodyLimit: BODY_LIMIT });
    if (response.isUnexpected) request.log.error({ err: error }, 'request failed');
    await notifyRefused(all, deps, request, response);
    return send(reply, response);
  });
  await keepAuthCacheFresh(app, deps.store, [authCache, alertSourceCache]);
  if (isMutablePlaybookRegistry(deps.app.playbooks)) await keepPlaybookInForce(app, deps.store, deps.app, deps.app.playbooks);
  app.setNotFoundHandler(notFoundHandler(all, options.webRoot === undefined ? undefined : loadWebApp(options.webRoot)));
  options.beforeRoutes?.(app);
  const runOptions = { checkResponses: options.checkResponses ?? false };
  for (const route of all) {
    app.route({
      method: route.method satisfies HttpMethod,
      url: route.url,
      handler: (request, reply) => runRoute(route, deps, request, reply, runOptions),
    });
  }
  // A Fastify instance is thenable: awaiting it waits for `ready()`.
  return app;
}

/**
 * Tells a route that declared `onRefused` about a 4xx answer it gave, including those decided
 * before its handler ran (malformed JSON, body over the limit): e.g. alert webhooks count them
 * per source. A failing hook is logged and never changes the answer.
 */
async function notifyRefused(routes: readonly RouteDefinition[], deps: HttpDeps, request: FastifyRequest, response: HttpError): Promise<void> {
  if (response.status < 400 || response.status >= 500) return;
  const url = request.routeOptions.url;
  const route = routes.find((r) => r.onRefused && r.url === url && r.method === request.method);
  if (!route?.onRefused) return;
  try {
    await route.onRefused(request, { status: response.status, code: response.body.error.code, message: response.body.error.message }, deps);
  } catch (hookError) {
    request.log.warn({ err: hookError }, 'onRefused hook failed');
  }
}

/** JSON bodies only (anything else is 415); an empty JSON body counts as no body. */
function useJsonOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    keepRawBody(request, text);
    if (text === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}
