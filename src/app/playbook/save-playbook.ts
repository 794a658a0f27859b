import { DomainError } from '../../domain/errors.ts';
import type { Playbook } from '../../domain/playbook.ts';
import { findPlaybookInForce, insertPlaybookChange, lockPlaybookInForce } from '../../store/playbook-changes.ts';
import { ensurePlaybookVersion } from '../../store/playbooks.ts';
import type { PlaybookInForce, UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

/** A playbook already parsed and checked (src/config/load-playbook.ts) by the transport. */
export interface CheckedPlaybook {
  playbook: Playbook;
  source: string;
  hash: string;
}

export interface SavePlaybookInput {
  checked: CheckedPlaybook;
  /** The version the editor started from; another one in force means someone else saved. */
  baseVersion: number;
}

export interface SavedPlaybook extends PlaybookInForce {
  /** False when the text saved is the one in force already (nothing recorded). */
  isChanged: boolean;
}

/**
 * Puts an edited playbook in force for new incidents (admins). The workspace row is locked so the
 * base-version check and the new change commit as one: a stale editor gets a clean 409 with the
 * version now in force. The same content as an earlier version reuses it (versions are keyed by
 * content); a change of comments or layout only is recorded (the editor shows the text saved)
 * under the same version. Incidents keep the version they recorded.
 */
export async function savePlaybook(ctx: UseCaseContext, input: SavePlaybookInput): Promise<SavedPlaybook> {
  authorize(ctx.actor, 'playbook.edit');
  await lockPlaybookInForce(ctx.tx, ctx.workspaceId);
  const stored = await findPlaybookInForce(ctx.tx, ctx.workspaceId);
  const process = ctx.playbooks.current();
  const inForce = stored ? { version: stored.version, id: stored.versionId, source: stored.source } : { version: process.version, id: process.id, source: undefined };
  if (inForce.version !== input.baseVersion) {
    throw new DomainError('conflict', { what: 'playbook' }, { currentVersion: inForce.version, baseVersion: input.baseVersion });
  }
  const ref = await ensurePlaybookVersion(ctx.tx, ctx.workspaceId, input.checked);
  const isChanged = ref.id !== inForce.id || inForce.source !== input.checked.source;
  if (isChanged) {
    await insertPlaybookChange(ctx.tx, {
      workspaceId: ctx.workspaceId,
      versionId: ref.id,
      origin: 'web',
      by: ctx.actor.userId,
      at: ctx.now,
      source: input.checked.source,
    });
  }
  return { id: ref.id, version: ref.version, playbook: input.checked.playbook, isChanged };
}
