import type { AlertAction, AlertSourceKind } from './alerts.ts';
import type { Text } from './playbook.ts';

/**
 * The playbook's `alerting` section as data, and the rules applied to one alert: which labels
 * name the service, platform and severity, which rule matches, what to do, which group it joins.
 */

export interface AlertRouteRule {
  /** Label → accepted value(s); every entry must match (`*` matches any present value). */
  match: Record<string, string | string[]>;
  /** Limit the rule to these source kinds (absent: all). */
  sources?: AlertSourceKind[];
  service?: string;
  platform?: string;
  /** Suggested severity id (shown on the report; the responder decides). */
  severity?: string;
  action?: AlertAction;
}

export interface AlertingPolicy {
  /** Labels read, in order, for the service, the platform and the tool's severity. */
  labels: { service: string[]; platform: string[]; severity: string[] };
  /** The tool's severity (label value, PagerDuty/Sentry level) → suggested severity id. */
  severityMap: Record<string, string>;
  grouping: {
    /** `service`, `platform` or any label name: alerts with the same values share a report. */
    by: string[];
    /** A new alert joins its group's open report if the group's last alert is this recent. */
    windowMinutes: number;
  };
  /** What each source kind does with new alerts (`default` for kinds not listed). */
  sources: Partial<Record<AlertSourceKind | 'default', AlertAction>>;
  /** First matching rule wins. */
  rules: AlertRouteRule[];
  /** Title of a report opened from alerts; `{service}` and `{title}` are filled in. */
  reportTitle: Text;
}

/** Used where a playbook has no `alerting` section. */
export const DEFAULT_ALERTING: AlertingPolicy = {
  labels: { service: ['service', 'app', 'job'], platform: ['platform'], severity: ['severity', 'level'] },
  severityMap: { critical: 'SEV1', fatal: 'SEV1', error: 'SEV2', warning: 'SEV3' },
  grouping: { by: ['service'], windowMinutes: 60 },
  sources: { default: 'report' },
  rules: [],
  reportTitle: { ja: '{service} のアラート: {title}', en: 'Alerts on {service}: {title}' },
};

export interface RoutedAlert {
  service: string | null;
  platform: string | null;
  severity: string | null;
  action: AlertAction;
  groupKey: string;
}

function firstLabel(labels: Record<string, string>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value !== '') return value;
  }
  return null;
}

function matches(rule: AlertRouteRule, kind: AlertSourceKind, labels: Record<string, string>): boolean {
  if (rule.sources && !rule.sources.includes(kind)) return false;
  return Object.entries(rule.match).every(([label, wanted]) => {
    const value = labels[label];
    if (value === undefined) return false;
    const list = Array.isArray(wanted) ? wanted : [wanted];
    return list.some((w) => w === '*' || w === value);
  });
}

/** Applies the playbook's alerting rules to one alert's labels. */
export function routeAlert(policy: AlertingPolicy, kind: AlertSourceKind, labels: Record<string, string>): RoutedAlert {
  const rule = policy.rules.find((r) => matches(r, kind, labels));
  const service = rule?.service ?? firstLabel(labels, policy.labels.service);
  const platform = rule?.platform ?? firstLabel(labels, policy.labels.platform);
  const toolSeverity = firstLabel(labels, policy.labels.severity);
  const severity = rule?.severity ?? (toolSeverity === null ? null : (policy.severityMap[toolSeverity.toLowerCase()] ?? null));
  const action = rule?.action ?? policy.sources[kind] ?? policy.sources.default ?? 'report';
  const known: Record<string, string | null> = { service, platform };
  const groupKey = policy.grouping.by
    .map((key) => `${key}=${(key in known ? known[key] : labels[key]) ?? '-'}`)
    .join(',');
  return { service, platform, severity, action, groupKey };
}

/** The title of a report opened for a group, from the playbook's template. */
export function reportTitleFor(policy: AlertingPolicy, locale: 'ja' | 'en', service: string | null, title: string): string {
  return policy.reportTitle[locale].replaceAll('{service}', service ?? '-').replaceAll('{title}', title);
}
