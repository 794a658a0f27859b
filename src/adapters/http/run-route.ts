import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from './auth.ts';
import type { HttpDeps } from './deps.ts';
import { successStatus, type RouteDefinition } from './route.ts';
import { parseInput } from './validation.ts';

export interface RunOptions {
  /** Check each JSON answer against its documented schema (tests): a mismatch is a 500. */
  checkResponses: boolean;
}

function checkResponse(route: RouteDefinition, status: number, body: unknown): void {
  const spec = route.responses[status];
  if (!spec?.schema || (spec.contentType ?? 'application/json') !== 'application/json') return;
  const result = spec.schema.safeParse(body);
  if (!result.success) {
    throw new Error(
      `${route.operationId} answered ${status} with a body its schema refuses: ${result.error.message}`,
    );
  }
}

/** Serves one request of a route: authenticate, validate, call the handler, answer. */
export async function runRoute(
  route: RouteDefinition,
  deps: HttpDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  options: RunOptions,
): Promise<FastifyReply> {
  // Who first: a caller without a valid token learns nothing about the input rules.
  const { actor, locale } = await authenticate(request, deps, route.auth);
  const params = route.params
    ? parseInput(route.params, request.params, 'params', locale)
    : undefined;
  const query = route.query ? parseInput(route.query, request.query, 'query', locale) : undefined;
  const body = route.body ? parseInput(route.body, request.body, 'body', locale) : undefined;
  reply.code(successStatus(route));
  const result = await route.handler({ actor, params, query, body, locale, request, reply, deps });
  if (result === reply || reply.sent) return reply;
  if (options.checkResponses) checkResponse(route, reply.statusCode, result);
  return result === undefined ? reply.send() : reply.send(result);
}
