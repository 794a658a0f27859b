// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeclarePage } from '../../web/src/routes/Declare.tsx';
import { PLAYBOOK, installBrowserShims, renderPage, stubApi, type Call } from './render.tsx';

/** The declare form: title required, each severity's meaning and examples in the UI's language. */

beforeAll(installBrowserShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

function stubDeclare(): { calls: Call[] } {
  return stubApi({
    'GET /api/v1/playbook': () => ({ status: 200, body: { id: 'pb-1', version: 1, playbook: PLAYBOOK } }),
    'POST /api/v1/incidents': (call) => {
      const body = call.body as { title: string; severity?: string };
      return { status: 201, body: { id: 'inc-7', number: 7, title: body.title, severity: body.severity ?? null, status: body.severity ? 'responding' : 'triage' } };
    },
  });
}

describe('declare form', () => {
  it('refuses an empty title with a message and sends nothing', async () => {
    const { calls } = stubDeclare();
    const user = userEvent.setup();
    renderPage(<DeclarePage />, { path: '/declare' });
    const title = await screen.findByLabelText(/^Title/);
    await user.click(screen.getByRole('button', { name: 'Declare' }));
    expect(await screen.findByText('Give the incident a title.')).toBeTruthy();
    expect(title.getAttribute('aria-invalid')).toBe('true');
    await user.type(title, '   ');
    await user.click(screen.getByRole('button', { name: 'Declare' }));
    expect(await screen.findByText('Give the incident a title.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('shows the refusal in Japanese for a Japanese UI', async () => {
    stubDeclare();
    const user = userEvent.setup();
    renderPage(<DeclarePage />, { path: '/declare', locale: 'ja' });
    await screen.findByLabelText(/^タイトル/);
    await user.click(screen.getByRole('button', { name: '宣言する' }));
    expect(await screen.findByText('インシデントのタイトルを入力してください。')).toBeTruthy();
  });

  it('shows each severity’s meaning and examples in English, and declares with the chosen one', async () => {
    const { calls } = stubDeclare();
    const user = userEvent.setup();
    renderPage(<DeclarePage />, { path: '/declare' });
    const sev2 = await screen.findByLabelText('SEV2 — A serious incident that affects many users');
    expect(screen.getByLabelText("SEV1 — A critical incident that affects all users or the company's revenue")).toBeTruthy();
    const card = sev2.closest('.mantine-Paper-root');
    expect(card && within(card as HTMLElement).getByText(/^Examples: Nobody can log in on the Android app \/ Videos cannot be played on iOS 16 and later only/)).toBeTruthy();
    await user.type(screen.getByLabelText(/^Title/), 'Checkout returns 500');
    await user.click(sev2);
    expect((sev2 as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Declare' }));
    await screen.findByTestId('navigated');
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({ title: 'Checkout returns 500', severity: 'SEV2', isPrivate: false });
    expect(post?.headers['accept-language']).toBe('en');
  });

  it('shows the meanings and examples in Japanese', async () => {
    stubDeclare();
    renderPage(<DeclarePage />, { path: '/declare', locale: 'ja' });
    const sev1 = await screen.findByLabelText('SEV1 — 全ユーザーに影響する・企業の収益に関わる重大なインシデント');
    const card = sev1.closest('.mantine-Paper-root') as HTMLElement;
    expect(within(card).getByText(/^例: 全ユーザーが動画を視聴できない \/ /)).toBeTruthy();
    expect(screen.getByLabelText('SEV3 — 一部のユーザーに影響するインシデント')).toBeTruthy();
    await waitFor(() => expect(document.documentElement.lang).toBe('ja'));
  });
});
