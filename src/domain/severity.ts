import { DomainError } from './errors.ts';
import { isActive, type IncidentSnapshot } from './incident.ts';
import { findSeverity, type Playbook, type SeverityPolicy } from './playbook.ts';

/** Checks a severity id against the playbook. */
export function requireSeverity(playbook: Playbook, id: string): SeverityPolicy {
  const severity = findSeverity(playbook, id);
  if (!severity) {
    throw new DomainError('unknown_severity', {
      severity: id,
      allowed: playbook.severities.map((s) => s.id).join(', '),
    });
  }
  return severity;
}

/** Severity may change at any time before `resolved`, to a different known level. */
export function checkSeverityChange(
  incident: IncidentSnapshot,
  to: string,
  playbook: Playbook,
): SeverityPolicy {
  const severity = requireSeverity(playbook, to);
  if (!isActive(incident.status))
    throw new DomainError('severity_locked', { status: incident.status });
  if (incident.severity === to) throw new DomainError('severity_unchanged', { severity: to });
  return severity;
}

/** Whether moving from `from` to `to` is an escalation (a more severe level: earlier in the list). */
export function isEscalation(playbook: Playbook, from: string | null, to: string): boolean {
  if (from === null) return true;
  const index = (id: string) => playbook.severities.findIndex((s) => s.id === id);
  return index(to) < index(from);
}
