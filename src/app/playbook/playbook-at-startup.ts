import type { Kysely } from 'kysely';
import { findPlaybookInForce, hasPlaybookHash, insertPlaybookChange, lockPlaybookInForce } from '../../store/playbook-changes.ts';
import { ensurePlaybookVersion } from '../../store/playbooks.ts';
import type { Database } from '../../store/schema.ts';
import type { PlaybookInForce } from '../context.ts';
import type { CheckedPlaybook } from './save-playbook.ts';

export interface PlaybookAtStartup extends PlaybookInForce {
  /** The YAML text in force (the file's, or the one saved from the web). */
  source: string;
  /**
   * The file holds an earlier version while the one in force was saved from the web since (the
   * file could not be written then, or this process has its own copy): the web's version stays in
   * force and the caller should write it to the file.
   */
  isFileStale: boolean;
}

/**
 * Which playbook a starting process puts in force (docs/playbook.md, "At start-up"):
 * the file is the source of truth — its content becomes the version in force for every process
 * (recorded as a `file` change, which NOTIFYs the others) — except when the file holds content
 * that was in force before and the version in force now was saved from the web: a stale copy
 * never undoes a web edit. A hand edit (content never stored before) always wins.
 */
export async function choosePlaybookAtStartup(
  db: Kysely<Database>,
  workspaceId: string,
  file: CheckedPlaybook,
  now: Date,
): Promise<PlaybookAtStartup> {
  return db.transaction().execute(async (tx) => {
    await lockPlaybookInForce(tx, workspaceId);
    const stored = await findPlaybookInForce(tx, workspaceId);
    if (stored && stored.hash !== file.hash && stored.origin === 'web' && (await hasPlaybookHash(tx, workspaceId, file.hash))) {
      return { id: stored.versionId, version: stored.version, playbook: stored.playbook, source: stored.source, isFileStale: true };
    }
    const ref = await ensurePlaybookVersion(tx, workspaceId, file);
    if (!stored || stored.versionId !== ref.id || stored.source !== file.source) {
      await insertPlaybookChange(tx, { workspaceId, versionId: ref.id, origin: 'file', by: null, at: now, source: file.source });
    }
    return { id: ref.id, version: ref.version, playbook: file.playbook, source: file.source, isFileStale: false };
  });
}
