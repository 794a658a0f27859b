import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor, WorkspaceRole } from '../../domain/actor.ts';
import type { Locale } from '../../domain/playbook.ts';
import type { HttpDeps } from './deps.ts';

/**
 * A route as data: method, path, who may call it, the zod schemas of its input and responses,
 * and a handler that gets validated, typed input. The server (server.ts) authenticates,
 * validates and presents errors; the OpenAPI document (openapi.ts) is built from the same data.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * `public`: anyone (a valid token, if sent, names the actor); `secret`: the route checks a secret
 * of its own (alert webhooks), so no user is looked up and the actor is null; otherwise the
 * minimum workspace role (viewer < responder < admin).
 */
export type RouteAuth = 'public' | 'secret' | WorkspaceRole;

/** Params and query are strict objects: unknown fields are refused. Use `z.strictObject`. */
export type StrictObjectSchema = z.ZodObject<z.core.$ZodLooseShape, z.core.$strict>;

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Default `application/json`. */
  contentType?: string;
}

/** Public routes may be called without a token (the actor is then null). */
interface ActorByAuth {
  public: Actor | null;
  secret: null;
  viewer: Actor;
  responder: Actor;
  admin: Actor;
}
export type ActorFor<A extends RouteAuth> = ActorByAuth[A];

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<
  A extends RouteAuth = RouteAuth,
  P = unknown,
  Q = unknown,
  B = unknown,
> {
  actor: ActorFor<A>;
  params: P;
  query: Q;
  body: B;
  locale: Locale;
  request: FastifyRequest;
  reply: FastifyReply;
  deps: HttpDeps;
}

interface RouteInfo {
  method: HttpMethod;
  /** Fastify style: `/api/v1/incidents/:id`. */
  url: string;
  operationId: string;
  summary: string;
  tags: string[];
  /** By status; the lowest 2xx is the status of a normal answer. */
  responses: Record<number, ResponseSpec>;
  /** Called after the route answered with a 4xx (also one decided before the handler ran). */
  onRefused?: (request: FastifyRequest, refusal: { status: number; code: string; message: string }, deps: HttpDeps) => Promise<void>;
}

/** What `defineRoute` takes: the handler's context is typed from the schemas and `auth`. */
export interface RouteSpec<
  A extends RouteAuth,
  P extends StrictObjectSchema | undefined,
  Q extends StrictObjectSchema | undefined,
  B extends z.ZodType | undefined,
> extends RouteInfo {
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Returns the body (sent as JSON), or answers through `reply` itself (streams, other types). */
  handler(ctx: RouteContext<A, Parsed<P>, Parsed<Q>, Parsed<B>>): unknown;
}

/** A route with its types erased, for lists of routes. */
export interface RouteDefinition extends RouteInfo {
  auth: RouteAuth;
  params?: StrictObjectSchema | undefined;
  query?: StrictObjectSchema | undefined;
  body?: z.ZodType | undefined;
  // Method syntax on purpose: a typed handler (narrower context) must fit the erased list.
  handler(ctx: RouteContext): unknown;
}

/** Declares a route; its handler gets the validated params, query and body, typed. */
export function defineRoute<
  A extends RouteAuth,
  P extends StrictObjectSchema | undefined = undefined,
  Q extends StrictObjectSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<A, P, Q, B>): RouteDefinition {
  return spec;
}

/** The status of a normal answer: the lowest 2xx response (200 if none is listed). */
export function successStatus(route: Pick<RouteInfo, 'responses'>): number {
  const statuses = Object.keys(route.responses)
    .map(Number)
    .filter((status) => status >= 200 && status < 300)
    .sort((a, b) => a - b);
  return statuses[0] ?? 200;
}

/** `/api/v1/incidents/:id` → `/api/v1/incidents/{id}`. */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}
