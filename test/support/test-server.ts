import { randomUUID } from 'node:crypto';
import { stopEventHub } from '../../src/adapters/sse/events.routes.ts';
import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../../src/adapters/http/deps.ts';
import type { RouteDefinition } from '../../src/adapters/http/route.ts';
import { allRoutes } from '../../src/adapters/http/routes.ts';
import { buildServer, type ServerOptions } from '../../src/adapters/http/server.ts';
import { runUseCase, type AppDeps, type Clock } from '../../src/app/context.ts';
import { createPlaybookRegistry, type MutablePlaybookRegistry } from '../../src/app/playbook-registry.ts';
import { createToken } from '../../src/app/tokens/create-token.ts';
import { bootstrapActor, ensureBootstrapToken } from '../../src/app/tokens/ensure-bootstrap-token.ts';
import { createUser, type CreateUserInput } from '../../src/app/users/create-user.ts';
import { defaultPlaybookPath, loadPlaybookFile, type LoadedPlaybook } from '../../src/config/load-playbook.ts';
import type { WorkspaceRole } from '../../src/domain/actor.ts';
import { ensurePlaybookVersion } from '../../src/store/playbooks.ts';
import type { User } from '../../src/store/users.ts';
import { openTestStore, type StoreKind, type TestStore } from './test-store.ts';

/**
 * A server on its own fresh database, for API tests through `app.inject`: the default playbook
 * as the version in force, a bootstrap admin token, a fake clock, and a factory for users with
 * tokens. Every JSON answer is checked against its documented schema.
 */

/** A clock tests move by hand. */
export interface FakeClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

/** The instant test servers start at. */
export const TEST_START = new Date('2025-04-01T00:00:00.000Z');

/** A fake clock starting at `start`. */
export function createFakeClock(start: Date = TEST_START): FakeClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(at) {
      current = new Date(at);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}

export interface TestServerOptions {
  /** Routes to serve (default: every route of src/adapters/http/routes.ts and those registered). */
  routes?: RouteDefinition[];
  clock?: FakeClock;
  server?: ServerOptions;
}

export interface TestUser {
  user: User;
  /** A valid API token of the user. */
  token: string;
}

export interface TestServer {
  app: FastifyInstance;
  deps: HttpDeps;
  store: TestStore;
  clock: FakeClock;
  playbooks: MutablePlaybookRegistry;
  /** The bootstrap admin's token. */
  adminToken: string;
  adminUserId: string;
  /** A new user with that role and a token; overrides change the defaults (a unique name and email). */
  createUser(role: WorkspaceRole, overrides?: Partial<CreateUserInput>): Promise<TestUser>;
  /** `{authorization: 'Bearer …'}` for a token. */
  auth(token: string): { authorization: string };
  close(): Promise<void>;
}

const extraRoutes: RouteDefinition[] = [];

/** Adds routes every test server started afterwards serves too (besides `allRoutes`). */
export function registerRoutes(routes: readonly RouteDefinition[]): void {
  extraRoutes.push(...routes);
}

let defaultPlaybook: Promise<LoadedPlaybook> | undefined;

/** The built-in playbook, read once per test file. */
export function loadDefaultPlaybook(): Promise<LoadedPlaybook> {
  defaultPlaybook ??= loadPlaybookFile(defaultPlaybookPath);
  return defaultPlaybook;
}

async function appDeps(store: TestStore, clock: FakeClock): Promise<{ app: AppDeps; playbooks: MutablePlaybookRegistry }> {
  const workspaceId = 'default';
  const loaded = await loadDefaultPlaybook();
  const ref = await ensurePlaybookVersion(store.db, workspaceId, loaded);
  const playbooks = createPlaybookRegistry({ id: ref.id, version: ref.version, playbook: loaded.playbook });
  return { app: { db: store.db, clock, newId: randomUUID, playbooks, workspaceId }, playbooks };
}

/** Starts a test server on a fresh database of `kind`. */
export async function startTestServer(kind: StoreKind, options: TestServerOptions = {}): Promise<TestServer> {
  const store = await openTestStore(kind);
  try {
    const clock = options.clock ?? createFakeClock();
    const { app: appDepsValue, playbooks } = await appDeps(store, clock);
    const deps: HttpDeps = { app: appDepsValue, store, config: { publicUrl: 'http://hikeshi.test' } };
    const adminToken = `hks_test_admin_${randomUUID()}`;
    const bootstrap = await runUseCase(deps.app, bootstrapActor, ensureBootstrapToken, { token: adminToken });
    const admin = { userId: bootstrap.userId, role: 'admin' as const };
    const routes = options.routes ?? [...allRoutes, ...extraRoutes];
    const app = await buildServer(deps, routes, { logLevel: 'silent', checkResponses: true, ...options.server });
    let serial = 0;
    return {
      app,
      deps,
      store,
      clock,
      playbooks,
      adminToken,
      adminUserId: bootstrap.userId,
      async createUser(role, overrides = {}) {
        serial += 1;
        const input: CreateUserInput = {
          name: `${role} ${serial}`,
          email: `${role}-${serial}-${randomUUID().slice(0, 8)}@example.test`,
          role,
          ...overrides,
        };
        const user = await runUseCase(deps.app, admin, createUser, input);
        const { secret } = await runUseCase(deps.app, admin, createToken, { userId: user.id, name: 'test' });
        return { user, token: secret };
      },
      auth: (token) => ({ authorization: `Bearer ${token}` }),
      async close() {
        await stopEventHub(store);
        await app.close();
        await store.dispose();
      },
    };
  } catch (error) {
    await store.dispose();
    throw error;
  }
}
