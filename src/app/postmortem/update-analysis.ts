import { DomainError } from '../../domain/errors.ts';
import { checkPostmortemEditable } from '../../domain/postmortem.ts';
import {
  checkImpact,
  checkWhys,
  whysToRootCause,
  type ImpactInput,
  type WhyPair,
} from '../../domain/postmortem-review.ts';
import { insertEdits, listEdits, resetApprovals, saveImpact, saveWhys } from '../../store/postmortem-review.ts';
import { listSections, writeSection } from '../../store/postmortems.ts';
import type { UseCaseContext } from '../context.ts';
import { draftTimelineSection } from '../incidents/draft-timeline-section.ts';
import { findVisibleIncident, loadIncidentForChange } from '../incidents/load-incident.ts';
import { recordIncidentChange } from '../incidents/record-change.ts';
import { buildPostmortemView, requirePostmortem, type PostmortemView } from './postmortem-view.ts';

/**
 * The structured parts of a postmortem: impact figures, the five whys (which feed the root
 * cause), and the timeline section drafted again from the incident's timeline. Each change is
 * kept in the edit history under a pseudo-section (`impact_figures`, `five_whys`) or its section.
 */

/** Sets impact figures (users affected, duration override, revenue); null clears a figure. */
export async function updateImpact(
  ctx: UseCaseContext,
  input: { incidentId: string; impact: ImpactInput },
): Promise<PostmortemView> {
  const { row, snapshot } = await loadIncidentForChange(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  checkPostmortemEditable(snapshot.status, postmortem.status);
  const impact = checkImpact(input.impact, postmortem.impact);
  await saveImpact(ctx.tx, postmortem.id, impact);
  await historyEntry(ctx, postmortem.id, 'impact_figures', JSON.stringify(impact));
  if (postmortem.status === 'in_review') await resetApprovals(ctx.tx, postmortem.id);
  await recordIncidentChange(ctx, row, {
    type: 'postmortem.impact_updated',
    data: { postmortemId: postmortem.id, impact },
  });
  return buildPostmortemView(ctx, row, { ...postmortem, impact });
}

/**
 * Saves the five whys. While the root-cause section is empty, it is written from them (a
 * numbered chain ending in the root cause) in the workspace's language; after that the writer
 * owns the text and the whys are kept beside it.
 */
export async function updateFiveWhys(
  ctx: UseCaseContext,
  input: { incidentId: string; whys: WhyPair[] },
): Promise<PostmortemView> {
  const { row, snapshot, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  checkPostmortemEditable(snapshot.status, postmortem.status);
  const whys = checkWhys(input.whys);
  await saveWhys(ctx.tx, postmortem.id, whys);
  await historyEntry(ctx, postmortem.id, 'five_whys', JSON.stringify(whys));
  const rootCause = (await listSections(ctx.tx, postmortem.id)).find((s) => s.key === 'root_cause');
  if (rootCause && rootCause.body.trim() === '' && whys.length > 0) {
    const body = whysToRootCause(whys, playbook.workspace.defaultLocale);
    const revision = await writeSection(ctx.tx, {
      postmortemId: postmortem.id,
      key: 'root_cause',
      body,
      expectedRevision: rootCause.revision,
      by: ctx.actor.userId,
      at: ctx.now,
    });
    if (revision === null) throw new DomainError('conflict', { reason: 'stale_revision', key: 'root_cause' });
    await insertEdits(ctx.tx, [
      { id: ctx.newId(), postmortemId: postmortem.id, key: 'root_cause', revision, body, by: ctx.actor.userId, at: ctx.now },
    ]);
  }
  if (postmortem.status === 'in_review') await resetApprovals(ctx.tx, postmortem.id);
  await recordIncidentChange(ctx, row, {
    type: 'postmortem.five_whys_updated',
    data: { postmortemId: postmortem.id, count: whys.length },
  });
  return buildPostmortemView(ctx, row, { ...postmortem, five_whys: whys });
}

/**
 * Drafts the timeline section again from the incident's timeline (for entries added since the
 * draft opened). Send the revision the editor shows: a newer stored one is a 409 with its text,
 * so hand edits are never lost silently.
 */
export async function regenerateTimeline(
  ctx: UseCaseContext,
  input: { incidentId: string; revision: number },
): Promise<PostmortemView> {
  const { row, snapshot, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  checkPostmortemEditable(snapshot.status, postmortem.status);
  const section = (await listSections(ctx.tx, postmortem.id)).find((s) => s.key === 'timeline');
  if (!section) throw new DomainError('not_found', { what: 'timeline section' });
  const stale = new DomainError(
    'conflict',
    { reason: 'stale_revision', key: 'timeline' },
    { key: 'timeline', currentRevision: section.revision, currentBody: section.body },
  );
  if (section.revision !== input.revision) throw stale;
  const body = await draftTimelineSection(ctx, row, playbook);
  if (body !== section.body) {
    const revision = await writeSection(ctx.tx, {
      postmortemId: postmortem.id,
      key: 'timeline',
      body,
      expectedRevision: section.revision,
      by: ctx.actor.userId,
      at: ctx.now,
    });
    if (revision === null) throw stale;
    await insertEdits(ctx.tx, [
      { id: ctx.newId(), postmortemId: postmortem.id, key: 'timeline', revision, body, by: ctx.actor.userId, at: ctx.now },
    ]);
    await recordIncidentChange(ctx, row, {
      type: 'postmortem.section_updated',
      data: { postmortemId: postmortem.id, keys: ['timeline'], regenerated: true },
    });
  }
  return buildPostmortemView(ctx, row, postmortem);
}

export interface PostmortemEditView {
  section: string;
  revision: number;
  body: string;
  editedBy: { id: string | null; name: string | null };
  editedAt: Date;
}

/** Who changed which section when, and what they left (oldest first, at most `limit`). */
export async function getPostmortemHistory(
  ctx: UseCaseContext,
  input: { incidentId: string; limit: number },
): Promise<PostmortemEditView[]> {
  const row = await findVisibleIncident(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  const edits = await listEdits(ctx.tx, postmortem.id, input.limit);
  return edits.map((e) => ({
    section: e.section_key,
    revision: e.revision,
    body: e.body,
    editedBy: { id: e.edited_by, name: e.editor_name },
    editedAt: e.edited_at,
  }));
}

async function historyEntry(ctx: UseCaseContext, postmortemId: string, key: string, body: string): Promise<void> {
  const previous = await listEdits(ctx.tx, postmortemId, 10_000);
  const revision = previous.filter((e) => e.section_key === key).length + 1;
  await insertEdits(ctx.tx, [{ id: ctx.newId(), postmortemId, key, revision, body, by: ctx.actor.userId, at: ctx.now }]);
}
