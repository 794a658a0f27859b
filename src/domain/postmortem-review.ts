import { DomainError } from './errors.ts';
import type { IncidentStatus, Milestones, PostmortemStatus } from './incident.ts';
import type { Locale } from './playbook.ts';
import { checkPostmortemEditable } from './postmortem.ts';

/**
 * The postmortem's review (draft → in_review → published), its structured impact figures and
 * the five-whys helper. Pure rules; the use cases in src/app/postmortem/ apply them.
 */

export type ReviewDecision = 'pending' | 'approved' | 'changes_requested';

/** Largest number of reviewers on one document. */
export const MAX_REVIEWERS = 10;
/** Most why/answer pairs (five is the habit; a few more are allowed). */
export const MAX_WHYS = 10;
export const MAX_WHY_CHARS = 1_000;

/** Sending a draft for review: the incident in postmortem, a draft, at least one reviewer. */
export function checkSubmitForReview(
  status: IncidentStatus,
  postmortemStatus: PostmortemStatus,
  reviewerIds: readonly string[],
): void {
  checkPostmortemEditable(status, postmortemStatus);
  if (postmortemStatus !== 'draft') {
    throw new DomainError('conflict', { reason: 'already_in_review' }, { reason: 'already_in_review' });
  }
  if (reviewerIds.length === 0 || reviewerIds.length > MAX_REVIEWERS) {
    throw new DomainError(
      'validation_failed',
      { field: 'reviewerIds' },
      { minItems: 1, maxItems: MAX_REVIEWERS },
    );
  }
  if (new Set(reviewerIds).size !== reviewerIds.length) {
    throw new DomainError('validation_failed', { field: 'reviewerIds', reason: 'duplicate' });
  }
}

/**
 * A reviewer's decision. Only a reviewer of the document decides, only while it is in review;
 * asking for changes sends the document back to draft.
 */
export function decideReview(
  postmortemStatus: PostmortemStatus,
  isReviewer: boolean,
  decision: 'approve' | 'request_changes',
): { decision: ReviewDecision; nextStatus: PostmortemStatus } {
  if (postmortemStatus !== 'in_review') {
    throw new DomainError('conflict', { reason: 'not_in_review' }, { reason: 'not_in_review', status: postmortemStatus });
  }
  if (!isReviewer) throw new DomainError('forbidden', { action: 'postmortem.review' });
  return decision === 'approve'
    ? { decision: 'approved', nextStatus: 'in_review' }
    : { decision: 'changes_requested', nextStatus: 'draft' };
}

export interface WhyPair {
  why: string;
  answer: string;
}

/** Checks the five whys: 1..MAX_WHYS pairs, each question and answer written and not too long. */
export function checkWhys(whys: readonly WhyPair[]): WhyPair[] {
  if (whys.length > MAX_WHYS) {
    throw new DomainError('validation_failed', { field: 'fiveWhys' }, { maxItems: MAX_WHYS });
  }
  return whys.map((pair, index) => {
    const why = pair.why.trim();
    const answer = pair.answer.trim();
    for (const [name, value] of [
      ['why', why],
      ['answer', answer],
    ] as const) {
      if (value === '' || value.length > MAX_WHY_CHARS) {
        throw new DomainError(
          'validation_failed',
          { field: `fiveWhys[${index}].${name}` },
          { minLength: 1, maxLength: MAX_WHY_CHARS },
        );
      }
    }
    return { why, answer };
  });
}

/**
 * The root-cause text the five whys feed: a numbered chain, the last answer named as the root
 * cause. Put into the root_cause section when it is still empty (the writer edits it after).
 */
export function whysToRootCause(whys: readonly WhyPair[], locale: Locale): string {
  if (whys.length === 0) return '';
  const words = locale === 'ja' ? { why: 'なぜ', root: '根本原因' } : { why: 'Why', root: 'Root cause' };
  const lines = whys.map(
    (pair, i) => `${i + 1}. **${words.why}:** ${pair.why}\n   → ${pair.answer}`,
  );
  const last = whys[whys.length - 1];
  return `${lines.join('\n')}\n\n**${words.root}:** ${last ? last.answer : ''}`;
}

export interface ImpactInput {
  usersAffected?: number | null | undefined;
  durationMinutesOverride?: number | null | undefined;
  revenueLost?: number | null | undefined;
  currency?: string | null | undefined;
  note?: string | null | undefined;
}

export interface ImpactFigures {
  usersAffected?: number;
  durationMinutesOverride?: number;
  revenueLost?: number;
  currency?: string;
  note?: string;
}

const MAX_USERS = 10_000_000_000;
const MAX_MINUTES = 60 * 24 * 366;
const MAX_REVENUE = 1e15;

/** Validates impact figures (a null clears a figure); each refusal names its field. */
export function checkImpact(input: ImpactInput, current: ImpactFigures): ImpactFigures {
  const next: ImpactFigures = { ...current };
  const whole = (field: 'usersAffected' | 'durationMinutesOverride', max: number) => {
    const value = input[field];
    if (value === undefined) return;
    if (value === null) {
      delete next[field];
      return;
    }
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new DomainError('validation_failed', { field: `impact.${field}` }, { min: 0, max, integer: true });
    }
    next[field] = value;
  };
  whole('usersAffected', MAX_USERS);
  whole('durationMinutesOverride', MAX_MINUTES);
  if (input.revenueLost !== undefined) {
    if (input.revenueLost === null) delete next.revenueLost;
    else if (!Number.isFinite(input.revenueLost) || input.revenueLost < 0 || input.revenueLost > MAX_REVENUE) {
      throw new DomainError('validation_failed', { field: 'impact.revenueLost' }, { min: 0, max: MAX_REVENUE });
    } else next.revenueLost = input.revenueLost;
  }
  if (input.currency !== undefined) {
    if (input.currency === null) delete next.currency;
    else if (!/^[A-Z]{3}$/.test(input.currency)) {
      throw new DomainError('validation_failed', { field: 'impact.currency' }, { format: 'ISO 4217, e.g. JPY' });
    } else next.currency = input.currency;
  }
  if (input.note !== undefined) {
    if (input.note === null || input.note.trim() === '') delete next.note;
    else if (input.note.length > 2_000) {
      throw new DomainError('validation_failed', { field: 'impact.note' }, { maxLength: 2_000 });
    } else next.note = input.note.trim();
  }
  if (next.revenueLost !== undefined && next.currency === undefined) {
    throw new DomainError('validation_failed', { field: 'impact.currency', reason: 'required_with_revenue' });
  }
  return next;
}

/**
 * The impact's duration in minutes: from when impact started (else detection, else declaration)
 * to mitigation (else resolution), rounded down; null while it has no end. An override wins.
 */
export function impactDurationMinutes(milestones: Milestones, figures: ImpactFigures): {
  minutes: number | null;
  source: 'override' | 'milestones' | 'unknown';
} {
  if (figures.durationMinutesOverride !== undefined) {
    return { minutes: figures.durationMinutesOverride, source: 'override' };
  }
  const start = milestones.impact_started_at ?? milestones.detected_at ?? milestones.declared_at;
  const end = milestones.mitigated_at ?? milestones.resolved_at;
  if (!start || !end || end.getTime() < start.getTime()) return { minutes: null, source: 'unknown' };
  return { minutes: Math.floor((end.getTime() - start.getTime()) / 60_000), source: 'milestones' };
}
