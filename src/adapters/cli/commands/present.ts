import type { IncidentDetailJson, IncidentJson, NowViewJson } from '../api-types.ts';
import { formatAge, formatInstant, indent, table } from '../format.ts';

/** Human-readable views of API answers for the client commands. */

/** `#12 responding SEV2 Checkout fails`. */
export function incidentHeadline(
  incident: Pick<IncidentJson, 'number' | 'status' | 'severity' | 'title'>,
): string {
  return `#${incident.number} ${incident.status} ${incident.severity ?? '-'} ${incident.title}`;
}

/** When the incident started counting: declared, else created. */
function startedAt(incident: IncidentJson): string {
  return incident.milestones['declaredAt'] ?? incident.createdAt;
}

/** The incident list as a table: number, severity, status, commander, age, title. */
export function incidentTable(items: IncidentJson[], now: Date, maxWidth?: number): string {
  const rows = items.map((incident) => [
    `#${incident.number}`,
    incident.severity ?? '-',
    incident.status,
    incident.roles['commander']?.name ?? '-',
    formatAge(now.getTime() - new Date(startedAt(incident)).getTime()),
    incident.title + (incident.isPrivate ? ' (private)' : ''),
  ]);
  return table(['NUMBER', 'SEVERITY', 'STATUS', 'COMMANDER', 'AGE', 'TITLE'], rows, maxWidth);
}

function field(label: string, value: string): string {
  return `  ${label.padEnd(11)}${value}\n`;
}

const MILESTONE_LABELS: [key: string, label: string][] = [
  ['impactStartedAt', 'impact'],
  ['detectedAt', 'detected'],
  ['reportedAt', 'reported'],
  ['declaredAt', 'declared'],
  ['acknowledgedAt', 'acknowledged'],
  ['mitigatedAt', 'mitigated'],
  ['releasedAt', 'released'],
  ['resolvedAt', 'resolved'],
  ['postmortemPublishedAt', 'postmortem'],
  ['closedAt', 'closed'],
  ['canceledAt', 'canceled'],
];

/** `hikeshi show`: details, roles with their open tasks, and what blocks the next status. */
export function incidentReport(incident: IncidentDetailJson, now: NowViewJson, at: Date): string {
  let out = `#${incident.number} ${incident.title}\n`;
  out += field('status', now.next ? `${incident.status} (next: ${now.next})` : incident.status);
  out += field('severity', incident.severity ?? '- (none yet: set one to start responding)');
  out += field('platforms', incident.platforms.length > 0 ? incident.platforms.join(', ') : '-');
  if (incident.isPrivate) out += field('private', 'yes');
  out += field('url', incident.url);
  if (incident.cancelReason) out += field('canceled', incident.cancelReason);
  for (const [key, label] of MILESTONE_LABELS) {
    const value = incident.milestones[key];
    if (value) out += field(label, formatInstant(value, at));
  }
  if (incident.summary.trim()) out += `\nSummary\n${indent(incident.summary.trim(), 2)}\n`;
  if (incident.impact.trim()) out += `\nImpact\n${indent(incident.impact.trim(), 2)}\n`;

  out += '\nRoles\n';
  for (const role of now.roles) {
    const holder = role.holder ? `${role.holder.name} <${role.holder.email}>` : '(unassigned)';
    out += `  ${role.name} (${role.role}): ${holder}\n`;
    if (role.duty) out += `${indent(role.duty, 4)}\n`;
    for (const task of role.tasks) {
      out += `    [ ] ${task.title}${task.blocks ? ` (before ${task.blocks})` : ''}\n`;
    }
  }
  if (now.blockers.length > 0) {
    out += `\nBlocking ${now.next ?? 'the next status'}\n`;
    for (const blocker of now.blockers) out += `  - ${blocker.message}\n`;
  } else if (now.next) {
    out += `\nNothing blocks ${now.next}.\n`;
  }
  const releases = incident.releases;
  if (releases.length > 0) {
    out += '\nReleases\n';
    for (const r of releases) {
      out += `  ${r.kind} ${r.platform}${r.appVersion ? ` ${r.appVersion}` : ''} ${formatInstant(r.recordedAt, at)}${r.note ? ` — ${r.note}` : ''}\n`;
    }
  }
  if (incident.warnings.length > 0) {
    out += '\nWarnings\n';
    for (const warning of incident.warnings) out += `  - ${warning.message}\n`;
  }
  return out;
}
