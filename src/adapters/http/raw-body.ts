import type { FastifyRequest } from 'fastify';

/**
 * The raw text of each JSON request body, kept beside the parsed one for routes that verify a
 * signature over the exact bytes the sender signed (Sentry's `Sentry-Hook-Signature`).
 */
const rawBodies = new WeakMap<FastifyRequest, string>();

export function keepRawBody(request: FastifyRequest, text: string): void {
  rawBodies.set(request, text);
}

/** The body as received ('' when there was none). */
export function rawBodyOf(request: FastifyRequest): string {
  return rawBodies.get(request) ?? '';
}
