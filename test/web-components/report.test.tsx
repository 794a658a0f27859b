// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Playbook as DomainPlaybook } from '../../src/domain/playbook.ts';
import { suggestFromAnswers } from '../../src/domain/report-lifecycle.ts';
import type { Locale, ReportDetail } from '../../web/src/api/types.ts';
import { NewReportPage, ReportPage } from '../../web/src/routes/Report.tsx';
import { PLAYBOOK, apiError, installBrowserShims, renderPage, stubApi, type Call } from './render.tsx';

/**
 * The report form, and the quick investigation on a report: the playbook's definition questions
 * suggest declaring or dismissing. The stub computes the suggestion with the domain's own rule.
 */

beforeAll(installBrowserShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

function stubReportApi(): { calls: Call[]; answers: Record<string, boolean> } {
  const answers: Record<string, boolean> = {};
  const detail = (locale: Locale): ReportDetail => ({
    id: 'rep-1',
    number: 4,
    source: 'inquiry',
    title: 'Video does not play',
    description: 'Seen on iOS 17',
    status: 'investigating',
    isPrivate: false,
    assigneeId: null,
    answers: { ...answers },
    suggestion: suggestFromAnswers(PLAYBOOK as unknown as DomainPlaybook, answers),
    incidentId: null,
    reportedAt: '2026-11-26T01:00:00.000Z',
    questions: PLAYBOOK.definition.questions.map((q) => ({ key: q.key, text: q.text[locale], yesMeansIncident: q.yesMeansIncident, answer: answers[q.key] ?? null })),
    alerts: [],
  });
  const locale = (call: Call): Locale => (call.headers['accept-language'] === 'ja' ? 'ja' : 'en');
  const stub = stubApi({
    'GET /api/v1/playbook': () => ({ status: 200, body: { id: 'pb-1', version: 1, playbook: PLAYBOOK } }),
    'GET /api/v1/reports/:id': (call) => ({ status: 200, body: detail(locale(call)) }),
    'POST /api/v1/reports/:id/answers': (call) => {
      Object.assign(answers, (call.body as { answers: Record<string, boolean> }).answers);
      return { status: 200, body: detail(locale(call)) };
    },
    'POST /api/v1/reports': (call) => {
      const body = call.body as { title: string };
      if (body.title.trim() === '') return apiError(400, 'validation_failed', 'title: must not be empty');
      return { status: 201, body: { ...detail(locale(call)), id: 'rep-2', number: 5, title: body.title, status: 'reported' } };
    },
  });
  return { calls: stub.calls, answers };
}

describe('report form', () => {
  it('sends the source, title and description, then opens the report', async () => {
    const { calls } = stubReportApi();
    const u = userEvent.setup();
    renderPage(<NewReportPage />, { path: '/reports/new' });
    await u.type(screen.getByLabelText(/^Title/), 'Video does not play');
    await u.type(screen.getByLabelText('Description'), 'Seen on iOS 17');
    await u.click(screen.getByRole('button', { name: 'Send the report' }));
    await screen.findByTestId('navigated');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ source: 'inquiry', title: 'Video does not play', description: 'Seen on iOS 17' });
  });

  it('shows the API’s refusal', async () => {
    stubReportApi();
    const u = userEvent.setup();
    renderPage(<NewReportPage />, { path: '/reports/new' });
    await u.type(screen.getByLabelText(/^Title/), '   ');
    await u.click(screen.getByRole('button', { name: 'Send the report' }));
    expect((await screen.findByTestId('error')).textContent).toContain('title: must not be empty');
  });
});

describe('quick investigation (definition questions)', () => {
  it('suggests declaring once an answer says incident', async () => {
    const { calls } = stubReportApi();
    const u = userEvent.setup();
    renderPage(<ReportPage />, { path: '/reports/rep-1', route: '/reports/:id' });
    const suggestion = await screen.findByTestId('suggestion');
    expect(suggestion.textContent).toBe('Answer the questions to get a suggestion.');
    const question = screen.getByRole('radiogroup', { name: /^Is the company's revenue affected\?/ });
    await u.click(within(question).getByLabelText('Yes'));
    await waitFor(() => expect(screen.getByTestId('suggestion').textContent).toBe('At least one answer says this is an incident: declare it.'));
    expect(calls.find((c) => c.path === '/api/v1/reports/rep-1/answers')?.body).toEqual({ answers: { revenue_affected: true } });
  });

  it('suggests dismissing when every answer is no, in Japanese', async () => {
    stubReportApi();
    const u = userEvent.setup();
    renderPage(<ReportPage />, { path: '/reports/rep-1', route: '/reports/:id', locale: 'ja' });
    expect((await screen.findByTestId('suggestion')).textContent).toBe('質問に答えると判断の目安が表示されます。');
    const questions = PLAYBOOK.definition.questions;
    for (const [index, question] of questions.entries()) {
      const group = screen.getByRole('radiogroup', { name: (name) => name.startsWith(question.text.ja) });
      await u.click(within(group).getByLabelText('いいえ'));
      const expected = index < questions.length - 1 ? '質問に答えると判断の目安が表示されます。' : 'インシデントに該当する回答はありません。改善チケットとして見送ってください。';
      await waitFor(() => expect(screen.getByTestId('suggestion').textContent).toBe(expected));
    }
  });
});
