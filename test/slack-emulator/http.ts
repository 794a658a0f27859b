import type { IncomingMessage } from 'node:http';
import { isObject, str, type SlackArgs } from './args.ts';

/**
 * Reading a Web API request as Slack does (docs.slack.dev/apis/web-api): arguments from the
 * query string and from a POST body that is either `application/x-www-form-urlencoded` or
 * `application/json`; the token from `Authorization: Bearer …` or, except with a JSON body
 * ("To make use of sending JSON … you must provide your token value using an Authorization
 * HTTP header"), from a `token` argument.
 */

export type ParsedRequest =
  | { kind: 'args'; args: SlackArgs; isJson: boolean }
  | { kind: 'error'; error: 'missing_post_type' | 'invalid_post_type' | 'invalid_json' };

/** The whole request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Query and body arguments merged (body wins), or the error Slack gives for the body. */
export function parseRequest(
  url: URL,
  contentType: string | undefined,
  body: string,
): ParsedRequest {
  const args: SlackArgs = Object.fromEntries(url.searchParams);
  if (body === '') return { kind: 'args', args, isJson: false };
  if (contentType === undefined || contentType === '')
    return { kind: 'error', error: 'missing_post_type' };
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return {
      kind: 'args',
      args: { ...args, ...Object.fromEntries(new URLSearchParams(body)) },
      isJson: false,
    };
  }
  if (type !== 'application/json') return { kind: 'error', error: 'invalid_post_type' };
  try {
    const parsed = JSON.parse(body) as unknown;
    if (!isObject(parsed)) return { kind: 'error', error: 'invalid_json' };
    return { kind: 'args', args: { ...args, ...parsed }, isJson: true };
  } catch {
    return { kind: 'error', error: 'invalid_json' };
  }
}

/** The caller's token: the bearer token of the `Authorization` header, else the `token` argument (not in JSON). */
export function callerToken(
  req: IncomingMessage,
  args: SlackArgs,
  isJson: boolean,
): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (match?.[1]) return match[1];
  if (isJson) return undefined;
  const token = str(args, 'token');
  return token === '' ? undefined : token;
}
