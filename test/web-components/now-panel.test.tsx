// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IncidentDetail, IncidentStatus, NowView, User } from '../../web/src/api/types.ts';
import { NowPanel } from '../../web/src/features/incident/NowPanel.tsx';
import { PLAYBOOK, apiError, installBrowserShims, renderPage, stubApi, type Call } from './render.tsx';

/**
 * The now view: each role's holder and open tasks, what blocks the next status, and buttons only
 * for what the user may do; a refused step shows the guard's own message.
 */

beforeAll(installBrowserShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const ALICE = { id: 'u-alice', name: 'Alice Tanaka', email: 'alice@example.test', slackUserId: null };
const BOB = { id: 'u-bob', name: 'Bob Sato', email: 'bob@example.test', slackUserId: null };

function user(role: User['role']): User {
  return { ...ALICE, role, locale: null, isActive: true, createdAt: '2026-11-01T00:00:00.000Z' };
}

const INCIDENT: IncidentDetail = {
  id: 'inc-1',
  number: 12,
  title: 'Checkout returns 500',
  summary: '',
  impact: 'Card payments fail',
  severity: 'SEV2',
  status: 'responding',
  platforms: ['web'],
  isPrivate: false,
  roles: { commander: ALICE, investigator: null },
  milestones: {},
  triggeredByUserId: ALICE.id,
  cancelReason: null,
  version: 3,
  url: 'http://hikeshi.test/incidents/12',
  createdAt: '2026-11-26T01:00:00.000Z',
  updatedAt: '2026-11-26T01:05:00.000Z',
  tasks: [],
  releases: [],
  decisions: [],
  warnings: [],
  slackChannel: null,
};

/** The view GET /incidents/:id/now answers, in the language asked for (the API localizes). */
function nowView(status: IncidentStatus, lang: string, investigator: typeof BOB | null = null): NowView {
  const ja = lang === 'ja';
  return {
    incidentId: INCIDENT.id,
    number: INCIDENT.number,
    status,
    next: status === 'responding' ? 'monitoring' : status === 'monitoring' ? 'resolved' : null,
    severity: 'SEV2',
    roles: [
      {
        role: 'commander',
        name: ja ? '指揮官' : 'Commander',
        holder: ALICE,
        duty: ja ? '方針を決定する' : 'Decide the course',
        tasks: [
          { id: 't-1', key: 'announce', title: ja ? '社内に状況を報告する' : 'Announce the incident', status: 'responding', blocks: null },
          // A task left from triage: still open, listed after the current status's own.
          { id: 't-2', key: 'channel', title: ja ? 'チャンネルを作る' : 'Open the channel', status: 'triage', blocks: null },
        ],
      },
      {
        role: 'investigator',
        name: ja ? '調査担当' : 'Investigator',
        holder: investigator,
        duty: null,
        tasks: [{ id: 't-3', key: 'cause', title: ja ? '原因を調べる' : 'Find the cause', status: 'responding', blocks: 'monitoring' }],
      },
    ],
    blockers:
      status === 'responding'
        ? [
            { code: 'release_missing', message: ja ? '先にリリースかロールバックを記録してください。' : 'Record a release or a rollback first.', who: ['commander'] },
            { code: 'role_unassigned', message: ja ? '調査担当が未割り当てです。' : 'Nobody holds the investigator role.', who: [] },
          ]
        : [],
    unassignedRoles: investigator ? [] : ['investigator'],
  };
}

interface State {
  status: IncidentStatus;
  investigator: typeof BOB | null;
  refuseNext: boolean;
}

function stubIncidentApi(state: State): { calls: Call[] } {
  const lang = (call: Call) => call.headers['accept-language'] ?? 'en';
  return stubApi({
    'GET /api/v1/incidents/:id/now': (call) => ({ status: 200, body: nowView(state.status, lang(call), state.investigator) }),
    'GET /api/v1/incidents/:id/roles/commander/suggestions': () => ({ status: 200, body: { items: [{ user: BOB, lastServedAt: null }] } }),
    'GET /api/v1/incidents/:id': () => ({ status: 200, body: INCIDENT }),
    'POST /api/v1/incidents/:id/status': (call) => {
      if (state.refuseNext) {
        return apiError(409, 'guard_refused', lang(call) === 'ja' ? '先にリリースかロールバックを記録してください。' : 'Record a release or a rollback first.');
      }
      state.status = (call.body as { status: IncidentStatus }).status;
      return { status: 200, body: { ...INCIDENT, status: state.status } };
    },
    'PUT /api/v1/incidents/:id/roles/:role': (call, [, role]) => {
      if (role === 'investigator') state.investigator = (call.body as { userId: string }).userId === BOB.id ? BOB : { ...ALICE };
      return { status: 200, body: INCIDENT };
    },
    'POST /api/v1/incidents/:id/tasks/:task/complete': () => ({ status: 200, body: INCIDENT }),
  });
}

describe('now view', () => {
  it('shows each role’s holder and open tasks, what blocks the next status, and the next step', async () => {
    stubIncidentApi({ status: 'responding', investigator: null, refuseNext: false });
    renderPage(<NowPanel incident={INCIDENT} playbook={PLAYBOOK} user={user('responder')} />);
    const commander = await screen.findByTestId('role-commander');
    expect(within(commander).getByText('Commander')).toBeTruthy();
    expect(commander.textContent).toContain('Holder: Alice Tanaka');
    expect(within(commander).getByText('☐ Announce the incident')).toBeTruthy();
    // Every task the now view lists is open, whatever status it belongs to (before this, the page hid them all).
    expect(within(commander).getByText('☐ Open the channel')).toBeTruthy();
    expect(within(commander).queryByRole('button', { name: 'Take this role' })).toBeNull(); // already hers
    const investigator = screen.getByTestId('role-investigator');
    expect(investigator.textContent).toContain('Holder: unassigned');
    expect(within(investigator).getByText('☐ Find the cause')).toBeTruthy();
    expect(within(investigator).getByRole('button', { name: 'Take this role' })).toBeTruthy();
    const blockers = screen.getByTestId('blockers');
    expect(within(blockers).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Record a release or a rollback first.', 'Nobody holds the investigator role.']);
    expect(screen.getByTestId('advance').textContent).toBe('Move to Monitoring');
    expect(screen.queryByRole('button', { name: /^Reopen/ })).toBeNull(); // only from monitoring or resolved
    expect(screen.getByRole('button', { name: 'Done: Announce the incident' })).toBeTruthy();
    expect(document.querySelector('[aria-current="step"]')?.textContent).toBe('Responding');
  });

  it('shows a viewer the same view without any button', async () => {
    stubIncidentApi({ status: 'responding', investigator: null, refuseNext: false });
    renderPage(<NowPanel incident={INCIDENT} playbook={PLAYBOOK} user={user('viewer')} />);
    await screen.findByTestId('role-commander');
    expect(screen.getByTestId('blockers').textContent).toContain('Record a release or a rollback first.');
    expect(screen.queryAllByRole('button').map((b) => b.textContent)).toEqual([]);
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('a refused step shows the guard’s message; once allowed, the view moves on', async () => {
    const state: State = { status: 'responding', investigator: null, refuseNext: true };
    const { calls } = stubIncidentApi(state);
    const u = userEvent.setup();
    renderPage(<NowPanel incident={INCIDENT} playbook={PLAYBOOK} user={user('responder')} />);
    await u.click(await screen.findByTestId('advance'));
    const alert = await screen.findByTestId('error');
    expect(alert.textContent).toContain('Record a release or a rollback first.');
    expect(calls.filter((c) => c.method === 'POST').map((c) => [c.path, c.body])).toEqual([['/api/v1/incidents/inc-1/status', { status: 'monitoring' }]]);
    state.refuseNext = false;
    await u.click(screen.getByTestId('advance'));
    await waitFor(() => expect(screen.getByTestId('advance').textContent).toBe('Move to Resolved'));
    expect(screen.queryByTestId('error')).toBeNull();
    expect(screen.queryByTestId('blockers')).toBeNull();
    expect(screen.getByText('Nothing blocks the next status.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reopen (back to responding)' })).toBeTruthy();
  });

  it('takes a role and completes a task through the API', async () => {
    const state: State = { status: 'responding', investigator: null, refuseNext: false };
    const { calls } = stubIncidentApi(state);
    const u = userEvent.setup();
    renderPage(<NowPanel incident={INCIDENT} playbook={PLAYBOOK} user={user('responder')} />);
    const investigator = await screen.findByTestId('role-investigator');
    await u.click(within(investigator).getByRole('button', { name: 'Take this role' }));
    await waitFor(() => expect(screen.getByTestId('role-investigator').textContent).toContain('Holder: Alice Tanaka'));
    await u.click(screen.getByRole('button', { name: 'Done: Find the cause' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/tasks/t-3/complete'))).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')).toMatchObject({ path: '/api/v1/incidents/inc-1/roles/investigator', body: { userId: ALICE.id } });
  });

  it('speaks Japanese, with the API’s texts in Japanese', async () => {
    stubIncidentApi({ status: 'responding', investigator: null, refuseNext: false });
    renderPage(<NowPanel incident={INCIDENT} playbook={PLAYBOOK} user={user('responder')} />, { locale: 'ja' });
    const commander = await screen.findByTestId('role-commander');
    expect(commander.textContent).toContain('担当者: Alice Tanaka');
    expect(screen.getByTestId('role-investigator').textContent).toContain('担当者: 未割り当て');
    expect(screen.getByTestId('blockers').textContent).toContain('先にリリースかロールバックを記録してください。');
    expect(screen.getByTestId('advance').textContent).toBe('「経過観察」へ進める');
    expect(screen.getByRole('heading', { name: '今' })).toBeTruthy();
  });
});
