import { describe, expect, it } from 'vitest';
import {
  REPORT_STATUSES,
  checkAnswers,
  checkClaim,
  checkOutcome,
  isReportOpen,
  suggestFromAnswers,
  type ReportOutcome,
} from '../../src/domain/report-lifecycle.ts';
import { expectDomainError } from '../support/domain-error.ts';
import { testPlaybook, text } from '../support/playbook-fixture.ts';

const playbook = testPlaybook();
const OPEN = ['reported', 'investigating'];
const OUTCOMES: ReportOutcome[] = ['declared', 'dismissed', 'merged'];

describe('report statuses', () => {
  it.each(REPORT_STATUSES.map((status) => ({ status, isOpen: OPEN.includes(status) })))(
    '$status: open $isOpen; claim allowed only when open',
    ({ status, isOpen }) => {
      expect(isReportOpen(status)).toBe(isOpen);
      if (isOpen) {
        expect(checkClaim(status)).toBeUndefined();
      } else {
        expectDomainError(() => checkClaim(status), 'report_finished', { status });
      }
    },
  );

  const ROWS = REPORT_STATUSES.flatMap((status) =>
    OUTCOMES.map((outcome) => ({ status, outcome, isOpen: OPEN.includes(status) })),
  );

  it.each(ROWS)('$status → $outcome (with a reason)', ({ status, outcome, isOpen }) => {
    if (isOpen) {
      expect(checkOutcome(status, outcome, 'Only a staging alert')).toBeUndefined();
    } else {
      expectDomainError(
        () => checkOutcome(status, outcome, 'Only a staging alert'),
        'report_finished',
        { status },
      );
    }
  });

  it.each([undefined, '', '   '])('dismissing needs a reason: %j', (reason) => {
    for (const status of ['reported', 'investigating'] as const) {
      expectDomainError(() => checkOutcome(status, 'dismissed', reason), 'reason_required', {
        field: 'reason',
      });
    }
  });

  it('declaring and merging need no reason', () => {
    expect(checkOutcome('reported', 'declared')).toBeUndefined();
    expect(checkOutcome('investigating', 'merged')).toBeUndefined();
  });
});

describe('suggestFromAnswers', () => {
  it.each<{ answers: Record<string, boolean>; suggestion: string }>([
    { answers: { users_blocked: true }, suggestion: 'declare' },
    { answers: { revenue_affected: true, users_blocked: false }, suggestion: 'declare' },
    {
      answers: { users_blocked: false, revenue_affected: false, security_risk: true },
      suggestion: 'declare',
    },
    {
      answers: { users_blocked: false, revenue_affected: false, security_risk: false },
      suggestion: 'dismiss',
    },
    { answers: { users_blocked: false, revenue_affected: false }, suggestion: 'undecided' },
    { answers: {}, suggestion: 'undecided' },
  ])('$answers → $suggestion', ({ answers, suggestion }) => {
    expect(suggestFromAnswers(playbook, answers)).toBe(suggestion);
  });

  it('reads a question whose "no" means an incident', () => {
    const inverted = testPlaybook({
      definition: {
        summary: text('Definition'),
        questions: [
          {
            key: 'service_normal',
            text: text('Does the service work normally?'),
            yesMeansIncident: false,
          },
          { key: 'revenue_affected', text: text('Is revenue affected?'), yesMeansIncident: true },
        ],
      },
    });
    expect(suggestFromAnswers(inverted, { service_normal: false })).toBe('declare');
    expect(suggestFromAnswers(inverted, { service_normal: true, revenue_affected: false })).toBe(
      'dismiss',
    );
    expect(suggestFromAnswers(inverted, { service_normal: true })).toBe('undecided');
  });
});

describe('checkAnswers', () => {
  it('accepts known questions, any subset', () => {
    expect(checkAnswers(playbook, {})).toBeUndefined();
    expect(checkAnswers(playbook, { users_blocked: true, security_risk: false })).toBeUndefined();
  });

  it('refuses an unknown question', () => {
    expectDomainError(
      () => checkAnswers(playbook, { users_blocked: true, is_it_friday: true }),
      'validation_failed',
      {
        field: 'answers.is_it_friday',
        reason: 'unknown_question',
      },
    );
  });
});
