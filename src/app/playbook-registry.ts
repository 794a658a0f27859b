import type { Kysely } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import type { Playbook } from '../domain/playbook.ts';
import { findPlaybookVersion } from '../store/playbooks.ts';
import type { Database } from '../store/schema.ts';
import type { PlaybookInForce, PlaybookRegistry } from './context.ts';

/** A registry that can also switch the version in force (after the playbook is edited). */
export interface MutablePlaybookRegistry extends PlaybookRegistry {
  setCurrent(next: PlaybookInForce): void;
}

/** Whether the registry can switch versions (the server's can; a read-only one cannot). */
export function isMutablePlaybookRegistry(registry: PlaybookRegistry): registry is MutablePlaybookRegistry {
  return typeof (registry as Partial<MutablePlaybookRegistry>).setCurrent === 'function';
}

/** The playbooks of a workspace: the version in force, and older versions read once and cached. */
export function createPlaybookRegistry(initial: PlaybookInForce): MutablePlaybookRegistry {
  let current = initial;
  // Versions are immutable, so a cached playbook never goes stale.
  const cache = new Map<string, Playbook>([[initial.id, initial.playbook]]);
  return {
    current: () => current,
    setCurrent(next) {
      current = next;
      cache.set(next.id, next.playbook);
    },
    async byId(db: Kysely<Database>, id: string): Promise<Playbook> {
      const cached = cache.get(id);
      if (cached) return cached;
      const found = await findPlaybookVersion(db, id);
      if (!found) throw new DomainError('not_found', { what: `playbook version ${id}` });
      cache.set(id, found.playbook);
      return found.playbook;
    },
  };
}
