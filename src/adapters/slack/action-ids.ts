/**
 * The contract between what hikeshi posts to Slack (cards, report messages, digests: rendered by
 * the outbox delivery side) and what it answers (block_actions, view submissions: the interaction
 * side). Every interactive element hikeshi renders carries one of these `action_id`s, and its
 * `value` is the JSON of an ActionValue. Modals opened by hikeshi use a VIEW_CALLBACK id and carry
 * their context as JSON in `private_metadata`.
 */

export const ACTION_IDS = {
  // incident card
  takeCommander: 'hikeshi:take_commander',
  takeInvestigator: 'hikeshi:take_investigator',
  assignRole: 'hikeshi:assign_role',
  changeSeverity: 'hikeshi:change_severity',
  postStatusUpdate: 'hikeshi:post_status_update',
  recordRollback: 'hikeshi:record_rollback',
  recordRelease: 'hikeshi:record_release',
  startMonitoring: 'hikeshi:start_monitoring',
  confirmResolved: 'hikeshi:confirm_resolved',
  reopen: 'hikeshi:reopen',
  cancelIncident: 'hikeshi:cancel_incident',
  startPostmortem: 'hikeshi:start_postmortem',
  addAction: 'hikeshi:add_action',
  recordOptions: 'hikeshi:record_options',
  recordDecision: 'hikeshi:record_decision',
  completeTask: 'hikeshi:complete_task',
  announceCompanyWide: 'hikeshi:announce_company_wide',
  openInWeb: 'hikeshi:open_in_web',
  // report message in the triage channel
  claimReport: 'hikeshi:claim_report',
  declareFromReport: 'hikeshi:declare_from_report',
  dismissReport: 'hikeshi:dismiss_report',
  // morning digest
  completeAction: 'hikeshi:complete_action',
  deferAction: 'hikeshi:defer_action',
} as const;

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** The `value` of a button (JSON). Ids are hikeshi ids (uuid), never numbers or names. */
export interface ActionValue {
  incidentId?: string;
  reportId?: string;
  taskId?: string;
  platform?: string;
  role?: string;
  /** A prevention action (the digest's buttons). */
  actionId?: string;
}

export const VIEW_CALLBACKS = {
  declare: 'hikeshi:declare',
  report: 'hikeshi:report',
  dismissReport: 'hikeshi:dismiss_report',
  severity: 'hikeshi:severity',
  statusUpdate: 'hikeshi:status_update',
  release: 'hikeshi:release',
  cancel: 'hikeshi:cancel',
  action: 'hikeshi:action',
  options: 'hikeshi:options',
  decision: 'hikeshi:decision',
  assignRole: 'hikeshi:assign_role',
  companyAnnouncement: 'hikeshi:company_announcement',
  completeAction: 'hikeshi:complete_action',
  deferAction: 'hikeshi:defer_action',
} as const;

export function encodeActionValue(value: ActionValue): string {
  return JSON.stringify(value);
}

/** Parses a button value; anything that is not an object of strings yields `{}`. */
export function decodeActionValue(raw: string | undefined): ActionValue {
  if (raw === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') out[key] = value;
    return out;
  } catch {
    return {};
  }
}
