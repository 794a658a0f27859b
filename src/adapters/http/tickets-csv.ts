import type { ImprovementTicketListRow } from '../../store/reports.ts';

/** RFC 4180 field: quoted when needed; a leading =, +, - or @ is prefixed so spreadsheets do not run it. */
function field(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const HEADER = ['id', 'report_number', 'report_id', 'title', 'reason', 'created_by', 'created_at'];

/** Improvement tickets as CSV (UTF-8 with BOM, CRLF lines) for spreadsheets and trackers' importers. */
export function ticketsCsv(rows: readonly ImprovementTicketListRow[]): string {
  const lines = [HEADER.join(',')];
  for (const row of rows) {
    lines.push([row.id, row.report_number, row.report_id, row.title, row.reason, row.created_by, row.created_at.toISOString()].map(field).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
