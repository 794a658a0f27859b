import { DomainError } from './errors.ts';
import type { Playbook } from './playbook.ts';

/** Reports: detection → quick investigation → declared | dismissed | merged. */
export const REPORT_STATUSES = [
  'reported',
  'investigating',
  'declared',
  'dismissed',
  'merged',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_SOURCES = ['monitoring', 'inquiry', 'internal'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

export type ReportOutcome = 'declared' | 'dismissed' | 'merged';

export function isReportOpen(status: ReportStatus): boolean {
  return status === 'reported' || status === 'investigating';
}

/** Claiming starts the quick investigation; someone else may take it over while it runs. */
export function checkClaim(status: ReportStatus): void {
  if (!isReportOpen(status)) throw new DomainError('report_finished', { status });
}

/** A report can be declared, dismissed or merged while it is open (investigated or not). */
export function checkOutcome(status: ReportStatus, outcome: ReportOutcome, reason?: string): void {
  if (!isReportOpen(status)) throw new DomainError('report_finished', { status });
  if (outcome === 'dismissed' && (reason ?? '').trim() === '') {
    throw new DomainError('reason_required', { field: 'reason' });
  }
}

export type Suggestion = 'declare' | 'dismiss' | 'undecided';

/**
 * The quick investigation's suggestion from the definition questions: any "yes" to a question
 * that means an incident → declare; every question answered "no" → dismiss; otherwise undecided.
 */
export function suggestFromAnswers(
  playbook: Playbook,
  answers: Record<string, boolean>,
): Suggestion {
  const questions = playbook.definition.questions;
  if (questions.some((q) => answers[q.key] === q.yesMeansIncident)) return 'declare';
  if (questions.every((q) => answers[q.key] === !q.yesMeansIncident)) return 'dismiss';
  return 'undecided';
}

/** Checks definition answers name only known questions. */
export function checkAnswers(playbook: Playbook, answers: Record<string, boolean>): void {
  const known = new Set(playbook.definition.questions.map((q) => q.key));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) {
      throw new DomainError('validation_failed', {
        field: `answers.${key}`,
        reason: 'unknown_question',
      });
    }
  }
}
