/**
 * A bare Web API caller for tests of the emulator itself, with `fetch`. The form encoding does
 * what @slack/web-api's WebClient does: values that are not strings, numbers or booleans are
 * sent as JSON text, undefined and null are left out, the token goes in `Authorization`.
 */

export type Encoding = 'form' | 'json';

export interface CallOptions {
  token?: string;
  encoding?: Encoding;
  /** Where the token goes (default the Authorization header). */
  tokenIn?: 'header' | 'body';
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { ok: boolean; error?: string };
}

/** The form body WebClient would send for these arguments. */
export function formBody(args: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined || value === null) continue;
    const isScalar =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    params.append(key, isScalar ? String(value) : JSON.stringify(value));
  }
  return params.toString();
}

/** Calls `method` on the Web API at `baseUrl` (ending in `/api/`). */
export async function callSlack(
  baseUrl: string,
  method: string,
  args: Record<string, unknown> = {},
  options: CallOptions = {},
): Promise<CallResult> {
  const encoding = options.encoding ?? 'form';
  const headers: Record<string, string> = {
    'Content-Type':
      encoding === 'json' ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded',
  };
  const payload = { ...args };
  if (options.token !== undefined) {
    if (options.tokenIn === 'body') payload.token = options.token;
    else headers.Authorization = `Bearer ${options.token}`;
  }
  const response = await fetch(`${baseUrl}${method}`, {
    method: 'POST',
    headers,
    body: encoding === 'json' ? JSON.stringify(payload) : formBody(payload),
  });
  const body = (await response.json()) as CallResult['body'];
  return { status: response.status, headers: response.headers, body };
}
