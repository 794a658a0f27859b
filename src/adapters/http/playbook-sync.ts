import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app/context.ts';
import type { MutablePlaybookRegistry } from '../../app/playbook-registry.ts';
import type { Store } from '../../store/database.ts';
import { findPlaybookInForce, PLAYBOOK_CHANNEL } from '../../store/playbook-changes.ts';

/**
 * Keeps this process's playbook in force equal to the database's: every process LISTENs on
 * `hikeshi_playbook`, which the database NOTIFYs when a version is put in force (a save from the
 * web in any process, or a start-up with an edited file; migration 013). New incidents then run
 * under the new version without a restart; existing incidents keep theirs.
 */
export async function keepPlaybookInForce(app: FastifyInstance, store: Store, deps: Pick<AppDeps, 'db' | 'workspaceId'>, registry: MutablePlaybookRegistry): Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const reload = async () => {
    const stored = await findPlaybookInForce(deps.db, deps.workspaceId);
    if (stored && stored.versionId !== registry.current().id) {
      registry.setCurrent({ id: stored.versionId, version: stored.version, playbook: stored.playbook });
      app.log.info({ version: stored.version }, 'playbook version in force changed');
    }
  };
  const unlisten = await store.listen(PLAYBOOK_CHANNEL, () => {
    // One reload at a time, in order: the last notification always reads the newest row.
    running = running.then(reload).catch((error: unknown) => app.log.error({ err: error }, 'could not reload the playbook in force'));
  });
  app.addHook('onClose', async () => {
    await unlisten();
    await running;
  });
}
