import { CliError, EXIT, type ExitCode } from './exit-codes.ts';

/**
 * A small client of the REST API for the client commands: bearer token, Accept-Language, JSON
 * in and out. Every failure becomes an `ApiError` (an HTTP error answer, with the exit code its
 * status maps to) or a `CliError` (the server cannot be reached: exit 6).
 */

export interface ApiClientOptions {
  /** Base URL of the server, e.g. http://localhost:3000. */
  url: string;
  token: string;
  lang: 'ja' | 'en';
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Injected in tests; default the global fetch. */
  fetch?: typeof fetch;
}

/** A successful answer: the parsed JSON and its text as sent (for `--json`). */
export interface ApiResponse<T> {
  status: number;
  body: T;
  text: string;
}

/** One blocker of a refused status change, as the API lists it in `error.details`. */
export interface ApiBlocker {
  code: string;
  message: string;
  who: string[];
}

/** An error answer of the API: `{"error": {"code", "message", "details"}}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }

  /** The exit code of this answer's HTTP status. */
  get exitCode(): ExitCode {
    return exitCodeForStatus(this.status);
  }

  /** The blockers of a refused transition, when `details` lists them. */
  get blockers(): ApiBlocker[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is ApiBlocker =>
        isRecord(d) && typeof d['code'] === 'string' && typeof d['message'] === 'string',
    );
  }
}

/** HTTP status → exit code (the table in exit-codes.ts). */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 409 || status === 422) return EXIT.refused;
  if (status === 400) return EXIT.usage;
  return EXIT.unexpected;
}

export class ApiClient {
  readonly #options: ApiClientOptions;
  readonly #fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
  }

  get baseUrl(): string {
    return this.#options.url;
  }

  get<T>(
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, undefined, query);
  }

  post<T>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    query: Record<string, string | number | undefined> = {},
  ): Promise<ApiResponse<T>> {
    // Relative to the base, so a server behind a path prefix (https://host/hikeshi) works.
    const url = new URL(path.replace(/^\//, ''), this.#options.url.replace(/\/?$/, '/'));
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': this.#options.lang,
      authorization: `Bearer ${this.#options.token}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 30_000),
      });
      text = await response.text();
    } catch (error) {
      throw unreachable(this.#options.url, error);
    }
    const parsed = parseJson(text);
    if (!response.ok) throw toApiError(response, parsed, text);
    if (parsed === undefined) {
      throw new CliError(
        `${method} ${url.pathname}: the server answered ${response.status} without JSON`,
        EXIT.unexpected,
      );
    }
    return { status: response.status, body: parsed as T, text };
  }
}

function toApiError(response: Response, parsed: unknown, text: string): ApiError {
  const error = isRecord(parsed) && isRecord(parsed['error']) ? parsed['error'] : undefined;
  if (error && typeof error['message'] === 'string') {
    const code = typeof error['code'] === 'string' ? error['code'] : 'unknown';
    return new ApiError(response.status, code, error['message'], error['details']);
  }
  // Not our error body: a proxy, or another server on that port.
  const snippet = text.trim().slice(0, 200);
  const message =
    `HTTP ${response.status} ${response.statusText}`.trim() + (snippet ? `: ${snippet}` : '');
  return new ApiError(response.status, 'http_error', message, undefined);
}

function unreachable(url: string, error: unknown): CliError {
  const reason = describeNetworkError(error, url);
  return new CliError(`cannot reach the hikeshi server at ${url}: ${reason}`, EXIT.unreachable, [
    'is it running (hikeshi serve)? Point the CLI at it with --url or HIKESHI_URL.',
  ]);
}

/** The useful part of a fetch failure: undici hides the socket error in `cause`. */
function describeNetworkError(error: unknown, url: string): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'no answer in time';
  let cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof AggregateError && cause.errors.length > 0) cause = cause.errors[0];
  if (isRecord(cause)) {
    const code = typeof cause['code'] === 'string' ? cause['code'] : undefined;
    const message = typeof cause['message'] === 'string' ? cause['message'] : undefined;
    if (code && message && !message.includes(code)) return `${code} ${message}`;
    if (message === 'bad port')
      return `port ${new URL(url).port} is one fetch refuses to use (a blocked port)`;
    if (message) return message;
    if (code) return code;
  }
  return error instanceof Error ? error.message : String(error);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
