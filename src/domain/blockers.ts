import type { ErrorParams } from './errors.ts';

/** Why something cannot happen yet, and who can change that. */
export const BLOCKER_CODES = [
  'severity_required',
  'release_required',
  'convergence_watch_running',
  'task_open',
  'postmortem_not_started',
  'postmortem_not_published',
  'postmortem_sections_missing',
  'actions_open',
  'reason_required',
  'commander_decision_required',
] as const;
export type BlockerCode = (typeof BLOCKER_CODES)[number];

/** `who` names incident roles (`commander`) or workspace roles (`responder`, `admin`). */
export interface Blocker {
  code: BlockerCode;
  params: ErrorParams;
  who: string[];
}

export function blocker(code: BlockerCode, who: string[], params: ErrorParams = {}): Blocker {
  return { code, params, who };
}
