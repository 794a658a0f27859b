import type { Kysely } from 'kysely';
import type { Actor } from '../domain/actor.ts';
import type { Playbook } from '../domain/playbook.ts';
import type { Database } from '../store/schema.ts';

/** Time, injectable so tests run on a fake clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The playbook version in force for new incidents, and a lookup for the version an incident ran under. */
export interface PlaybookInForce {
  id: string;
  version: number;
  playbook: Playbook;
}

export interface PlaybookRegistry {
  current(): PlaybookInForce;
  /** The playbook an incident recorded; versions are immutable, so this caches. */
  byId(tx: Kysely<Database>, id: string): Promise<Playbook>;
}

/** What every use case gets: who acts, the open transaction, time, ids, the playbooks. */
export interface UseCaseContext {
  actor: Actor;
  /** The open transaction (or, for `runQuery`, the database itself: reads need no transaction). */
  tx: Kysely<Database>;
  now: Date;
  newId: () => string;
  playbooks: PlaybookRegistry;
  workspaceId: string;
}

/** Long-lived dependencies from which a context is made per call. */
export interface AppDeps {
  db: Kysely<Database>;
  clock: Clock;
  newId: () => string;
  playbooks: PlaybookRegistry;
  workspaceId: string;
}

export interface UseCase<I, O> {
  (ctx: UseCaseContext, input: I): Promise<O>;
  /**
   * True when, for this input, every write of the use case is ONE statement: runUseCase then runs
   * it without BEGIN/COMMIT, since that statement is atomic on its own (two round trips fewer, and
   * no lock it takes is held across a round trip). Its reads come before the statement, each on its
   * own snapshot, as they would in a READ COMMITTED transaction.
   */
  writesOneStatement?(input: I): boolean;
}

function contextFor(deps: AppDeps, actor: Actor, tx: Kysely<Database>): UseCaseContext {
  return { actor, tx, now: deps.clock.now(), newId: deps.newId, playbooks: deps.playbooks, workspaceId: deps.workspaceId };
}

/** Runs a use case inside one transaction: its state changes, timeline and outbox rows commit together. */
export async function runUseCase<I, O>(deps: AppDeps, actor: Actor, useCase: UseCase<I, O>, input: I): Promise<O> {
  if (useCase.writesOneStatement?.(input)) return useCase(contextFor(deps, actor, deps.db), input);
  return deps.db.transaction().execute((tx) => useCase(contextFor(deps, actor, tx), input));
}

/**
 * Runs a read-only use case without a transaction: no BEGIN/COMMIT round trips, and on PostgreSQL
 * its independent queries run side by side on pooled connections. Never for writes.
 */
export async function runQuery<I, O>(deps: AppDeps, actor: Actor, query: UseCase<I, O>, input: I): Promise<O> {
  return query(contextFor(deps, actor, deps.db), input);
}
