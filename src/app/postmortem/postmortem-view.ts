import { DomainError } from '../../domain/errors.ts';
import type { IncidentStatus, PostmortemStatus } from '../../domain/incident.ts';
import {
  impactDurationMinutes,
  type ImpactFigures,
  type ReviewDecision,
  type WhyPair,
} from '../../domain/postmortem-review.ts';
import type { Text } from '../../domain/playbook.ts';
import { missingRequiredSections } from '../../domain/postmortem.ts';
import {
  findPostmortem,
  listSections,
  type PostmortemRow,
  type PostmortemSectionRow,
} from '../../store/postmortems.ts';
import { listComments, listReviewers } from '../../store/postmortem-review.ts';
import type { IncidentRow } from '../../store/schema.ts';
import type { UseCaseContext } from '../context.ts';

export interface PostmortemSectionView {
  key: string;
  title: Text;
  prompt: Text;
  required: boolean;
  body: string;
  /** Bumped on every write; send it back to detect a concurrent edit. */
  revision: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** A postmortem as the transports show it (texts in both languages; the presenter picks one). */
export interface PostmortemView {
  id: string;
  incident: {
    id: string;
    number: number;
    title: string;
    severity: string | null;
    status: IncidentStatus;
  };
  status: PostmortemStatus;
  form: 'full' | 'short';
  sections: PostmortemSectionView[];
  /** Keys of required sections that are still empty. */
  missingRequired: string[];
  /** Structured figures; the duration is computed from the milestones unless overridden. */
  impact: ImpactFigures & {
    durationMinutes: number | null;
    durationSource: 'override' | 'milestones' | 'unknown';
  };
  fiveWhys: WhyPair[];
  reviewers: { userId: string; name: string; decision: ReviewDecision; decidedAt: Date | null }[];
  comments: {
    id: string;
    section: string | null;
    authorId: string | null;
    authorName: string | null;
    body: string;
    createdAt: Date;
  }[];
  submittedAt: Date | null;
  createdAt: Date;
  publishedAt: Date | null;
  publishedBy: string | null;
}

/** The incident's postmortem row, or `not_found` while its draft is not open yet. */
export async function requirePostmortem(
  ctx: UseCaseContext,
  incidentId: string,
): Promise<PostmortemRow> {
  const postmortem = await findPostmortem(ctx.tx, incidentId);
  if (!postmortem) throw new DomainError('not_found', { what: 'postmortem' });
  return postmortem;
}

/** Reads the postmortem's sections and builds its view. */
export async function buildPostmortemView(
  ctx: UseCaseContext,
  row: IncidentRow,
  postmortem: PostmortemRow,
): Promise<PostmortemView> {
  const [sections, reviewers, comments] = await Promise.all([
    listSections(ctx.tx, postmortem.id),
    listReviewers(ctx.tx, postmortem.id),
    listComments(ctx.tx, postmortem.id),
  ]);
  const duration = impactDurationMinutes(
    {
      impact_started_at: row.impact_started_at,
      detected_at: row.detected_at,
      declared_at: row.declared_at,
      mitigated_at: row.mitigated_at,
      resolved_at: row.resolved_at,
    },
    postmortem.impact,
  );
  return {
    id: postmortem.id,
    incident: {
      id: row.id,
      number: row.number,
      title: row.title,
      severity: row.severity,
      status: row.status as IncidentStatus,
    },
    status: postmortem.status,
    form: postmortem.form,
    sections: sections.map(sectionView),
    missingRequired: missingRequiredSections(
      sections.map((s) => ({ key: s.key, isRequired: s.is_required, body: s.body })),
    ),
    impact: { ...postmortem.impact, durationMinutes: duration.minutes, durationSource: duration.source },
    fiveWhys: postmortem.five_whys,
    reviewers: reviewers.map((r) => ({
      userId: r.user_id,
      name: r.user_name,
      decision: r.decision,
      decidedAt: r.decided_at,
    })),
    comments: comments.map((c) => ({
      id: c.id,
      section: c.section_key,
      authorId: c.author_id,
      authorName: c.author_name,
      body: c.body,
      createdAt: c.created_at,
    })),
    submittedAt: postmortem.submitted_at,
    createdAt: postmortem.created_at,
    publishedAt: postmortem.published_at,
    publishedBy: postmortem.published_by,
  };
}

function sectionView(section: PostmortemSectionRow): PostmortemSectionView {
  return {
    key: section.key,
    title: section.title,
    prompt: section.prompt,
    required: section.is_required,
    body: section.body,
    revision: section.revision,
    updatedAt: section.updated_at,
    updatedBy: section.updated_by,
  };
}
