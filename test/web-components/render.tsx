import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import { parse } from 'yaml';
import defaultPlaybookYaml from '../../src/config/default-playbook.yaml?raw';
import type { Locale, Playbook } from '../../web/src/api/types.ts';
import { I18nProvider } from '../../web/src/i18n/i18n.tsx';

/**
 * Component tests render the real components with the real providers (Mantine, TanStack Query,
 * i18n, router) in happy-dom; only `fetch` is replaced, by a stub that answers like the API.
 */

/** The default playbook as GET /api/v1/playbook returns it. */
export const PLAYBOOK = parse(defaultPlaybookYaml) as Playbook;

export interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

/** A route of the stub: answers a status and a JSON body (or nothing for 204). */
export type Handler = (call: Call, params: string[]) => { status: number; body?: unknown };

/** The API at the fetch boundary: `'METHOD /path/:param'` → handler; records every call. */
export function stubApi(routes: Record<string, Handler>): { calls: Call[] } {
  const calls: Call[] = [];
  const compiled = Object.entries(routes).map(([key, handler]) => {
    const [method = '', pattern = ''] = key.split(' ');
    const regex = new RegExp(`^${pattern.replace(/[?]/g, '\\?').replace(/:[a-zA-Z]+/g, '([^/?]+)')}(?:\\?.*)?$`);
    return { method, regex, handler };
  });
  const fetchStub = vi.fn((input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const headers = (init.headers ?? {}) as Record<string, string>;
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const call = { method, path: input, body, headers };
    calls.push(call);
    for (const route of compiled) {
      const match = route.method === method ? route.regex.exec(input) : null;
      if (!match) continue;
      const answer = route.handler(call, match.slice(1));
      return Promise.resolve(
        answer.body === undefined
          ? new Response(null, { status: answer.status })
          : new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } }),
      );
    }
    return Promise.resolve(
      new Response(JSON.stringify({ error: { code: 'not_found', message: `no stub for ${method} ${input}` } }), { status: 404, headers: { 'content-type': 'application/json' } }),
    );
  });
  vi.stubGlobal('fetch', fetchStub);
  return { calls };
}

/** An API error answer, as the server writes it. */
export function apiError(status: number, code: string, message: string, details?: unknown): { status: number; body: unknown } {
  return { status, body: { error: { code, message, ...(details !== undefined && { details }) } } };
}

/** Renders `element` at `path` (matched by `route`) in the UI language `locale`. */
export function renderPage(element: ReactElement, { locale = 'en', path = '/', route = path }: { locale?: Locale; path?: string; route?: string } = {}): RenderResult {
  localStorage.setItem('hikeshi.locale', locale);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <I18nProvider>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={route} element={element} />
              <Route path="*" element={<p data-testid="navigated" />} />
            </Routes>
          </MemoryRouter>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

/** What Mantine needs from a browser that happy-dom lacks (matchMedia, document.fonts). */
export function installBrowserShims(): void {
  if (!('fonts' in document) || !document.fonts) {
    Object.defineProperty(document, 'fonts', { configurable: true, value: new EventTarget() });
  }
  if (!('matchMedia' in window) || typeof window.matchMedia !== 'function') {
    Object.defineProperty(window, 'matchMedia', {
      configurable: true,
      value: (query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        addListener: () => undefined,
        removeListener: () => undefined,
        dispatchEvent: () => false,
      }),
    });
  }
}
