import type { IncidentStatus } from './incident.ts';
import type { Playbook, TaskDefinition, Text } from './playbook.ts';

/** A task to add to an incident. */
export interface TaskDraft {
  key: string;
  role: string;
  statusScope: IncidentStatus;
  title: Text;
  blocks: string | null;
}

function applies(
  task: TaskDefinition,
  severity: string | null,
  platforms: readonly string[],
): boolean {
  if (task.severities && (severity === null || !task.severities.includes(severity))) return false;
  if (task.platforms && !task.platforms.some((p) => platforms.includes(p))) return false;
  return true;
}

function draftOf(task: TaskDefinition): TaskDraft {
  return {
    key: task.key,
    role: task.role,
    statusScope: task.status,
    title: task.title,
    blocks: task.blocks ?? null,
  };
}

/** The playbook tasks an incident gets on entering `status`, minus those it already has. */
export function tasksOnEntering(
  playbook: Playbook,
  status: IncidentStatus,
  incident: { severity: string | null; platforms: readonly string[] },
  existingKeys: ReadonlySet<string>,
): TaskDraft[] {
  return playbook.tasks
    .filter((t) => t.status === status && !existingKeys.has(t.key))
    .filter((t) => applies(t, incident.severity, incident.platforms))
    .map(draftOf);
}

/**
 * After a severity or platform change: the tasks of the statuses reached so far that now apply
 * and are missing, and the open playbook tasks that no longer apply.
 */
export function reconcileTasks(
  playbook: Playbook,
  reached: readonly IncidentStatus[],
  incident: { severity: string | null; platforms: readonly string[] },
  existing: readonly { key: string; isOpen: boolean }[],
): { add: TaskDraft[]; drop: string[] } {
  const keys = new Set(existing.map((t) => t.key));
  const add = reached.flatMap((status) => tasksOnEntering(playbook, status, incident, keys));
  const byKey = new Map(playbook.tasks.map((t) => [t.key, t]));
  const drop = existing
    .filter((t) => t.isOpen)
    .filter((t) => {
      const definition = byKey.get(t.key);
      return (
        definition !== undefined && !applies(definition, incident.severity, incident.platforms)
      );
    })
    .map((t) => t.key);
  return { add, drop };
}

/** The task a store-app release adds: set a forced update so users move to the fixed build. */
export function forcedUpdateTask(platform: string, platformName: Text): TaskDraft {
  return {
    key: `set_forced_update:${platform}`,
    role: 'investigator',
    statusScope: 'responding',
    title: {
      ja: `${platformName.ja}: 審査通過後に強制アップデートを設定する`,
      en: `${platformName.en}: set a forced update once the store approves the build`,
    },
    blocks: 'resolved',
  };
}

/** The statuses an incident has passed through to reach `status` along the forward flow. */
export function statusesReached(status: IncidentStatus): IncidentStatus[] {
  const flow: IncidentStatus[] = [
    'triage',
    'responding',
    'monitoring',
    'resolved',
    'postmortem',
    'follow_up',
  ];
  const index = flow.indexOf(status);
  return index === -1 ? [] : flow.slice(0, index + 1);
}
