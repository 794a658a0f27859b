import type { Actor } from './actor.ts';
import { DomainError } from './errors.ts';
import { isFinished, type IncidentSnapshot } from './incident.ts';
import { actsAs } from './roles.ts';

/** The investigator's options (e.g. roll back, hotfix, feature flag) and the commander's pick. */
export interface DecisionOption {
  key: string;
  title: string;
  description?: string | undefined;
}

/** The investigator proposes; an admin may stand in. */
export function checkCanProposeOptions(
  incident: IncidentSnapshot,
  actor: Actor,
  options: DecisionOption[],
): void {
  if (isFinished(incident.status))
    throw new DomainError('incident_finished', { status: incident.status });
  if (!actsAs(incident, 'investigator', actor)) throw new DomainError('only_investigator');
  const keys = new Set(options.map((o) => o.key));
  if (keys.size !== options.length) {
    throw new DomainError('validation_failed', { field: 'options', reason: 'duplicate_key' });
  }
}

/** The commander decides; an admin may stand in. A chosen option must have been proposed. */
export function checkCanDecide(
  incident: IncidentSnapshot,
  actor: Actor,
  choice: { optionKey?: string | undefined },
  proposedKeys: ReadonlySet<string>,
): void {
  if (isFinished(incident.status))
    throw new DomainError('incident_finished', { status: incident.status });
  if (!actsAs(incident, 'commander', actor)) throw new DomainError('only_commander');
  if (choice.optionKey !== undefined && !proposedKeys.has(choice.optionKey)) {
    throw new DomainError('validation_failed', { field: 'optionKey', reason: 'not_proposed' });
  }
}
