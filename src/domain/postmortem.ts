import { DomainError } from './errors.ts';
import type { IncidentStatus, PostmortemStatus } from './incident.ts';
import { findSeverity, type Playbook, type PostmortemSectionDefinition } from './playbook.ts';

export interface SectionDraft {
  key: string;
  position: number;
  definition: PostmortemSectionDefinition;
  isRequired: boolean;
  body: string;
}

/** The sections of a new postmortem for a severity: the short form keeps only its sections. */
export function sectionsFor(
  playbook: Playbook,
  severity: string | null,
): { form: 'full' | 'short'; sections: SectionDraft[] } {
  const policy = severity ? findSeverity(playbook, severity) : undefined;
  const form = policy?.postmortem.form ?? 'full';
  const sections = playbook.postmortem.sections
    .filter((s) => form === 'full' || s.inShortForm)
    .map((definition, position) => ({
      key: definition.key,
      position,
      definition,
      isRequired: severity !== null && definition.requiredFor.includes(severity),
      body: '',
    }));
  return { form, sections };
}

/** Required sections that are still empty. */
export function missingRequiredSections(
  sections: readonly { key: string; isRequired: boolean; body: string }[],
): string[] {
  return sections.filter((s) => s.isRequired && s.body.trim() === '').map((s) => s.key);
}

/**
 * Postmortem text can be edited while the incident is in its postmortem stage and the document is
 * not published (a draft, or in review: reviewers' comments get answered in the text).
 */
export function checkPostmortemEditable(
  status: IncidentStatus,
  postmortemStatus: PostmortemStatus,
): void {
  if (postmortemStatus === 'published') throw new DomainError('postmortem_already_published');
  if (status !== 'postmortem') throw new DomainError('postmortem_not_open', { status });
}

/**
 * Publishing needs every required section written; from review, every reviewer's approval; and
 * when the playbook requires a review, the document must have been through one.
 */
export function checkPublish(
  status: IncidentStatus,
  postmortemStatus: PostmortemStatus,
  missing: string[],
  review: { requireApproval: boolean; decisions: readonly string[] } = {
    requireApproval: false,
    decisions: [],
  },
): void {
  checkPostmortemEditable(status, postmortemStatus);
  if (missing.length > 0) {
    throw new DomainError(
      'postmortem_sections_missing',
      { sections: missing.join(', ') },
      { sections: missing },
    );
  }
  const pending = review.decisions.filter((d) => d !== 'approved').length;
  if (postmortemStatus === 'in_review' && pending > 0) {
    throw new DomainError(
      'conflict',
      { reason: 'review_pending' },
      { reason: 'review_pending', pendingReviewers: pending },
    );
  }
  if (review.requireApproval && (postmortemStatus !== 'in_review' || review.decisions.length === 0)) {
    throw new DomainError('conflict', { reason: 'review_required' }, { reason: 'review_required' });
  }
}
