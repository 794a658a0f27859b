import { DomainError } from './errors.ts';
import type { IncidentStatus } from './incident.ts';
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

/** Postmortem text can be edited while the incident is in its postmortem stage and not published. */
export function checkPostmortemEditable(
  status: IncidentStatus,
  postmortemStatus: 'draft' | 'published',
): void {
  if (postmortemStatus === 'published') throw new DomainError('postmortem_already_published');
  if (status !== 'postmortem') throw new DomainError('postmortem_not_open', { status });
}

export function checkPublish(
  status: IncidentStatus,
  postmortemStatus: 'draft' | 'published',
  missing: string[],
): void {
  checkPostmortemEditable(status, postmortemStatus);
  if (missing.length > 0) {
    throw new DomainError(
      'postmortem_sections_missing',
      { sections: missing.join(', ') },
      { sections: missing },
    );
  }
}
