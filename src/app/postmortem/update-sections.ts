import { DomainError } from '../../domain/errors.ts';
import { checkPostmortemEditable } from '../../domain/postmortem.ts';
import { listSections, writeSection, type PostmortemSectionRow } from '../../store/postmortems.ts';
import { insertEdits, resetApprovals } from '../../store/postmortem-review.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from '../incidents/load-incident.ts';
import { recordIncidentChange } from '../incidents/record-change.ts';
import { buildPostmortemView, requirePostmortem, type PostmortemView } from './postmortem-view.ts';

/** Longest body a section may have, in characters. */
export const SECTION_BODY_MAX_CHARS = 20_000;

export interface SectionEdit {
  key: string;
  body: string;
  /** The revision the writer started from; a different stored revision is a conflict. */
  revision?: number | undefined;
}

export interface UpdateSectionsInput {
  incidentId: string;
  sections: SectionEdit[];
}

/**
 * Writes postmortem sections, all or nothing. A section whose stored revision differs from the
 * one sent was changed by someone else: nothing is written and the conflict carries the newer text.
 * Only sections whose body changes get a new revision.
 */
export async function updatePostmortemSections(
  ctx: UseCaseContext,
  input: UpdateSectionsInput,
): Promise<PostmortemView> {
  const { row, snapshot } = await loadIncidentForChange(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  const stored = new Map((await listSections(ctx.tx, postmortem.id)).map((s) => [s.key, s]));
  const edits = validateEdits(input.sections, stored);
  checkPostmortemEditable(snapshot.status, postmortem.status);
  for (const { edit, section } of edits) {
    if (edit.revision !== undefined && edit.revision !== section.revision)
      throw staleRevision(section);
  }
  const changed = edits.filter(({ edit, section }) => edit.body !== section.body);
  const history = [];
  for (const { edit, section } of changed) {
    const revision = await writeSection(ctx.tx, {
      postmortemId: postmortem.id,
      key: section.key,
      body: edit.body,
      expectedRevision: section.revision,
      by: ctx.actor.userId,
      at: ctx.now,
    });
    if (revision === null) throw staleRevision(section);
    history.push({
      id: ctx.newId(),
      postmortemId: postmortem.id,
      key: section.key,
      revision,
      body: edit.body,
      by: ctx.actor.userId,
      at: ctx.now,
    });
  }
  await insertEdits(ctx.tx, history);
  // An approval covers the text the reviewer read: a change in review asks them again.
  if (changed.length > 0 && postmortem.status === 'in_review') await resetApprovals(ctx.tx, postmortem.id);
  if (changed.length > 0) {
    await recordIncidentChange(ctx, row, {
      type: 'postmortem.section_updated',
      data: { postmortemId: postmortem.id, keys: changed.map(({ section }) => section.key) },
    });
  }
  return buildPostmortemView(ctx, row, postmortem);
}

/** Pairs each edit with its stored section; refuses unknown or repeated keys and oversized bodies. */
function validateEdits(
  edits: readonly SectionEdit[],
  stored: ReadonlyMap<string, PostmortemSectionRow>,
): { edit: SectionEdit; section: PostmortemSectionRow }[] {
  const seen = new Set<string>();
  return edits.map((edit, index) => {
    const section = stored.get(edit.key);
    if (!section) {
      throw new DomainError(
        'validation_failed',
        { field: `sections[${index}].key` },
        { allowed: [...stored.keys()] },
      );
    }
    if (seen.has(edit.key)) {
      throw new DomainError('validation_failed', {
        field: `sections[${index}].key`,
        reason: 'duplicate_key',
      });
    }
    seen.add(edit.key);
    if (edit.body.length > SECTION_BODY_MAX_CHARS) {
      throw new DomainError(
        'validation_failed',
        { field: `sections[${index}].body` },
        { maxLength: SECTION_BODY_MAX_CHARS },
      );
    }
    return { edit, section };
  });
}

/** The conflict for a section someone else saved since the writer loaded it, with its current text. */
function staleRevision(section: PostmortemSectionRow): DomainError {
  return new DomainError(
    'conflict',
    { reason: 'stale_revision', key: section.key },
    { key: section.key, currentRevision: section.revision, currentBody: section.body },
  );
}
