import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUseCase, type AppDeps } from '../../src/app/context.ts';
import { declareIncident } from '../../src/app/incidents/declare-incident.ts';
import { changeIncidentStatus } from '../../src/app/incidents/change-status.ts';
import { recordRelease } from '../../src/app/incidents/record-release.ts';
import { createPlaybookRegistry } from '../../src/app/playbook-registry.ts';
import { bootstrapActor, ensureBootstrapToken } from '../../src/app/tokens/ensure-bootstrap-token.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { ensurePlaybookVersion } from '../../src/store/playbooks.ts';
import { createFakeClock, loadDefaultPlaybook } from '../support/test-server.ts';
import { openTestStore, testDatabaseKinds, type TestStore } from '../support/test-store.ts';

/**
 * Several hikeshi processes share one PostgreSQL in production. Each "process" here has its own
 * pool; incident numbers must stay unique and gap-free and conflicting moves must resolve cleanly.
 */
describe.runIf(testDatabaseKinds().includes('postgres'))('several processes on one PostgreSQL', () => {
  let first: TestStore;
  let second: Store;
  const deps: AppDeps[] = [];
  let admin: { userId: string; role: 'admin' };

  beforeAll(async () => {
    first = await openTestStore('postgres');
    second = await openStore({ databaseUrl: first.databaseUrl ?? '', dataDir: '' });
    const loaded = await loadDefaultPlaybook();
    for (const store of [first, second]) {
      const ref = await ensurePlaybookVersion(store.db, 'default', loaded);
      const playbooks = createPlaybookRegistry({ id: ref.id, version: ref.version, playbook: loaded.playbook });
      deps.push({ db: store.db, clock: createFakeClock(), newId: randomUUID, playbooks, workspaceId: 'default' });
    }
    const [a, b] = deps;
    if (!a || !b) throw new Error('two processes expected');
    expect(a.playbooks.current().id).toBe(b.playbooks.current().id);
    const boot = await runUseCase(a, bootstrapActor, ensureBootstrapToken, { token: `hks_${randomUUID()}` });
    admin = { userId: boot.userId, role: 'admin' };
  });
  afterAll(async () => {
    await second.close();
    await first.dispose();
  });

  it('numbers 40 concurrent declares from two processes 1..40 without gaps or duplicates', async () => {
    const declares = Array.from({ length: 40 }, (_, i) =>
      runUseCase(deps[i % 2] as AppDeps, admin, declareIncident, { title: `Storm ${i}`, severity: 'SEV3' }),
    );
    const numbers = (await Promise.all(declares)).map((d) => d.number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('lets exactly one of two processes make a conflicting move', async () => {
    const [a, b] = deps as [AppDeps, AppDeps];
    const { id } = await runUseCase(a, admin, declareIncident, { title: 'Race', severity: 'SEV3' });
    await runUseCase(a, admin, recordRelease, { incidentId: id, platform: 'web', kind: 'fix' });
    const results = await Promise.allSettled([
      runUseCase(a, admin, changeIncidentStatus, { incidentId: id, status: 'monitoring' }),
      runUseCase(b, admin, changeIncidentStatus, { incidentId: id, status: 'monitoring' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected?.reason as { code?: string }).code).toBe('invalid_transition');
  });
});
