import { describe, expect, it } from 'vitest';
import {
  ACTION_STATUSES,
  checkActionTransition,
  checkDueDate,
  isOverdue,
} from '../../src/domain/actions.ts';
import type { ActionStatus } from '../../src/domain/incident.ts';
import { expectDomainError } from '../support/domain-error.ts';

const EVIDENCE = 'https://tracker.example.com/PRJ-42';
const REASON = 'Superseded by the platform migration';

/** The moves a prevention action may make. */
const ALLOWED: Record<ActionStatus, ActionStatus[]> = {
  open: ['in_progress', 'done', 'deferred'],
  in_progress: ['open', 'done', 'deferred'],
  done: ['in_progress'],
  deferred: ['open', 'in_progress'],
};

const ROWS = ACTION_STATUSES.flatMap((from) =>
  ACTION_STATUSES.map((to) => ({ from, to, isAllowed: ALLOWED[from].includes(to) })),
);

describe('checkActionTransition: every from × to', () => {
  it('lists the statuses', () => {
    expect(ACTION_STATUSES).toEqual(['open', 'in_progress', 'done', 'deferred']);
  });

  it.each(ROWS.filter((r) => r.isAllowed))('$from → $to is allowed', ({ from, to }) => {
    expect(checkActionTransition(from, to, { evidence: EVIDENCE, reason: REASON })).toBeUndefined();
  });

  it.each(ROWS.filter((r) => !r.isAllowed))(
    '$from → $to is refused: action_transition',
    ({ from, to }) => {
      expectDomainError(
        () => checkActionTransition(from, to, { evidence: EVIDENCE, reason: REASON }),
        'action_transition',
        {
          from,
          to,
        },
      );
    },
  );

  it('the table has 16 cells: 9 allowed', () => {
    expect([ROWS.length, ROWS.filter((r) => r.isAllowed).length]).toEqual([16, 9]);
  });
});

describe('checkActionTransition: evidence and reason', () => {
  it.each([
    { from: 'open' as const, evidence: undefined },
    { from: 'open' as const, evidence: '' },
    { from: 'in_progress' as const, evidence: ' \t ' },
  ])('done from $from needs evidence (got $evidence)', ({ from, evidence }) => {
    expectDomainError(
      () => checkActionTransition(from, 'done', { evidence, reason: REASON }),
      'evidence_required',
      {
        field: 'evidence',
      },
    );
  });

  it.each([
    { from: 'open' as const, reason: undefined },
    { from: 'in_progress' as const, reason: '' },
    { from: 'in_progress' as const, reason: '   ' },
  ])('deferred from $from needs a reason (got $reason)', ({ from, reason }) => {
    expectDomainError(
      () => checkActionTransition(from, 'deferred', { evidence: EVIDENCE, reason }),
      'reason_required',
      {
        field: 'reason',
      },
    );
  });

  it('other moves need neither', () => {
    for (const [from, to] of [
      ['open', 'in_progress'],
      ['in_progress', 'open'],
      ['done', 'in_progress'],
      ['deferred', 'open'],
      ['deferred', 'in_progress'],
    ] as const) {
      expect(checkActionTransition(from, to, {})).toBeUndefined();
    }
  });

  it('a move outside the table is refused before evidence is asked for', () => {
    expectDomainError(() => checkActionTransition('deferred', 'done', {}), 'action_transition', {
      from: 'deferred',
      to: 'done',
    });
  });
});

describe('checkDueDate', () => {
  it.each(['2025-03-10', '2025-03-11', '2026-01-01'])('accepts %s on 2025-03-10', (dueDate) => {
    expect(checkDueDate(dueDate, '2025-03-10')).toBeUndefined();
  });

  it.each(['2025-03-09', '2024-12-31'])('refuses %s on 2025-03-10: due_date_in_past', (dueDate) => {
    expectDomainError(() => checkDueDate(dueDate, '2025-03-10'), 'due_date_in_past', {
      field: 'dueDate',
      dueDate,
      today: '2025-03-10',
    });
  });
});

describe('isOverdue', () => {
  it.each([
    { status: 'open', dueDate: '2025-03-09', overdue: true },
    { status: 'in_progress', dueDate: '2025-03-09', overdue: true },
    { status: 'done', dueDate: '2025-03-09', overdue: false },
    { status: 'deferred', dueDate: '2025-03-09', overdue: false },
    { status: 'open', dueDate: '2025-03-10', overdue: false },
    { status: 'in_progress', dueDate: '2025-03-11', overdue: false },
  ] as const)('$status due $dueDate on 2025-03-10 → $overdue', ({ status, dueDate, overdue }) => {
    expect(isOverdue({ status, dueDate }, '2025-03-10')).toBe(overdue);
  });
});
