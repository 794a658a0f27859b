import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fail, type SlackArgs, type SlackBody } from './args.ts';
import type { MethodHandler } from './context.ts';
import type { Controls, HttpAnswer } from './controls.ts';
import { callerToken, parseRequest, readBody, type ParsedRequest } from './http.ts';
import { appMethods } from './method-apps.ts';
import { chatMethods } from './method-chat.ts';
import { conversationReadMethods } from './method-conversations-read.ts';
import { conversationWriteMethods } from './method-conversations.ts';
import { functionMethods } from './method-functions.ts';
import { historyMethods } from './method-history.ts';
import { itemMethods } from './method-items.ts';
import { userMethods } from './method-users.ts';
import { viewMethods } from './method-views.ts';
import { METHOD_SCOPES, requireScope } from './scopes.ts';
import type { SlackToken, WorkspaceState } from './state.ts';

/**
 * One Web API call from request to answer: latency, injected failures, rate limits, the method
 * name (`unknown_method`, answered before authentication as Slack does), the body, the token
 * (`not_authed`, `invalid_auth`, `token_revoked`), the method's scopes (`missing_scope`) and the
 * method itself. Every call is recorded.
 */

/** Every emulated method. */
export const METHODS: Readonly<Record<string, MethodHandler>> = {
  ...userMethods,
  ...conversationWriteMethods,
  ...conversationReadMethods,
  ...chatMethods,
  ...itemMethods,
  ...viewMethods,
  ...historyMethods,
  ...functionMethods,
  ...appMethods,
};

/** One call as the emulator saw it. */
export interface RecordedCall {
  method: string;
  /** Arguments as parsed (strings from a form, native values from JSON), without `token`. */
  args: SlackArgs;
  token: string | null;
  status: number;
  response: SlackBody;
  /** When the request arrived, by the emulator clock. */
  time: Date;
  /** Wall-clock time from arrival to answer, injected latency included. */
  durationMs: number;
}

export interface ServerDeps {
  state(): WorkspaceState;
  controls(): Controls;
  now(): Date;
  triggerTtlMs: number;
  record(call: RecordedCall): void;
}

/** Handles one HTTP request to the emulator. */
export async function handleRequest(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const startedAt = performance.now();
  const time = deps.now();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const method = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname)?.[1];
  if (method === undefined) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
    return;
  }
  const parsed = parseRequest(url, req.headers['content-type'], await readBody(req));
  const token =
    parsed.kind === 'args' ? (callerToken(req, parsed.args, parsed.isJson) ?? null) : null;
  let answer: HttpAnswer;
  try {
    answer = await answerCall(deps, method, parsed, token);
  } catch (error) {
    console.error(`[slack-emulator] ${method} threw`, error);
    answer = { status: 500, body: fail('internal_error'), headers: {} };
  }
  const args = parsed.kind === 'args' ? withoutToken(parsed.args) : {};
  deps.record({
    method,
    args,
    token,
    status: answer.status,
    response: answer.body,
    time,
    durationMs: performance.now() - startedAt,
  });
  if (res.destroyed) return;
  res.writeHead(answer.status, {
    'Content-Type': 'application/json; charset=utf-8',
    ...answer.headers,
  });
  res.end(JSON.stringify(answer.body));
}

function withoutToken(args: SlackArgs): SlackArgs {
  const copy = { ...args };
  delete copy.token;
  return copy;
}

async function answerCall(
  deps: ServerDeps,
  method: string,
  parsed: ParsedRequest,
  token: string | null,
): Promise<HttpAnswer> {
  const latency = deps.controls().latencyFor(method);
  if (latency > 0) await sleep(latency);
  const injected =
    deps.controls().takeFailure(method) ?? deps.controls().admit(method, deps.now().getTime());
  if (injected) return injected;
  const handler = METHODS[method];
  if (!handler) return plain(fail('unknown_method', { req_method: method }));
  if (parsed.kind === 'error') return plain(fail(parsed.error));
  const caller = authenticate(deps.state(), token);
  if ('ok' in caller) return plain(caller);
  const accepted = METHOD_SCOPES[method] ?? [];
  const headers = {
    'X-OAuth-Scopes': caller.scopes.join(','),
    'X-Accepted-OAuth-Scopes': accepted.join(','),
  };
  const body =
    requireScope(caller, accepted) ??
    handler({
      args: parsed.args,
      state: deps.state(),
      token: caller,
      nowMs: deps.now().getTime(),
      triggerTtlMs: deps.triggerTtlMs,
    });
  return { status: 200, body, headers };
}

function plain(body: SlackBody): HttpAnswer {
  return { status: 200, body, headers: {} };
}

/** The caller's token record, or `not_authed` (none given), `invalid_auth` (unknown), `token_revoked`. */
function authenticate(state: WorkspaceState, token: string | null): SlackToken | SlackBody {
  if (token === null) return fail('not_authed');
  const record = state.tokens.get(token);
  if (!record) return fail('invalid_auth');
  if (record.isRevoked) return fail('token_revoked');
  return record;
}
