import type { AlertSourceKind } from '../../domain/alerts.ts';
import type { AlertSourceRow } from '../../store/alerts.ts';

/** The path a tool posts to: its source's URL, or PagerDuty's Events API v2 path. */
export function webhookPath(row: Pick<AlertSourceRow, 'id' | 'kind'>): string {
  return row.kind === 'pagerduty' ? '/v2/enqueue' : `/api/v1/alerts/${row.id}`;
}

/** An alert source as the API shows it: never its secret (only the first characters). */
export function presentAlertSource(row: AlertSourceRow, publicUrl: string) {
  const url = webhookPath(row);
  return {
    id: row.id,
    kind: row.kind as AlertSourceKind,
    name: row.name,
    url,
    webhookUrl: `${publicUrl.replace(/\/+$/, '')}${url}`,
    secretPrefix: row.secret_prefix,
    hasSigningSecret: row.signing_secret !== null,
    acceptedCount: Number(row.accepted_count),
    rejectedCount: Number(row.rejected_count),
    rejections: Object.fromEntries(Object.entries(row.rejections).map(([code, n]) => [code, Number(n)])),
    lastRejection: row.last_rejection,
    lastReceivedAt: row.last_received_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
