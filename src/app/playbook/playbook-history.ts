import { DomainError } from '../../domain/errors.ts';
import { findPlaybookInForce, findPlaybookSource, listPlaybookChanges, type PlaybookChangeListed } from '../../store/playbook-changes.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

/** Who put which playbook version in force, and when, newest first (admins). */
export async function listPlaybookHistory(ctx: UseCaseContext, input: { limit: number }): Promise<PlaybookChangeListed[]> {
  authorize(ctx.actor, 'playbook.edit');
  return listPlaybookChanges(ctx.tx, ctx.workspaceId, input.limit);
}

/**
 * The YAML text of the version in force, comments kept, for the editor (admins): as last saved
 * or read at start-up; for a process whose version has no recorded change, the text it was
 * first stored with.
 */
export async function playbookSourceInForce(ctx: UseCaseContext): Promise<{ id: string; version: number; source: string }> {
  authorize(ctx.actor, 'playbook.edit');
  const current = ctx.playbooks.current();
  const stored = await findPlaybookInForce(ctx.tx, ctx.workspaceId);
  if (stored && stored.versionId === current.id) return { id: current.id, version: current.version, source: stored.source };
  const source = await findPlaybookSource(ctx.tx, current.id);
  if (source === undefined) throw new DomainError('not_found', { what: `playbook version ${current.version}` });
  return { id: current.id, version: current.version, source };
}
