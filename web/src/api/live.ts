import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/**
 * Live updates: one EventSource on `/api/v1/events` (authenticated by the session cookie). Each
 * event names what changed; the queries of that incident or report and every list are fetched
 * again, so a change made in Slack or another browser shows without a reload.
 */
export function useLiveUpdates(enabled: boolean): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled) return undefined;
    const source = new EventSource('/api/v1/events');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const pending = new Set<string>();
    const flush = () => {
      timer = undefined;
      const ids = [...pending];
      pending.clear();
      // Incident pages are keyed by number or id, so every incident query is refreshed.
      for (const id of ids) void client.invalidateQueries({ queryKey: id.startsWith('r:') ? ['report', id.slice(2)] : ['incident'] });
      for (const list of ['incidents', 'reports', 'actions']) void client.invalidateQueries({ queryKey: [list] });
    };
    const onEvent = (event: MessageEvent<string>) => {
      try {
        const data = JSON.parse(event.data) as { incidentId?: string | null; reportId?: string | null };
        if (data.incidentId) pending.add(`i:${data.incidentId}`);
        if (data.reportId) pending.add(`r:${data.reportId}`);
      } catch {
        // a malformed event still refreshes the lists
      }
      timer ??= setTimeout(flush, 100);
    };
    const types = [
      'incident.declared',
      'incident.status_changed',
      'incident.severity_changed',
      'incident.role_assigned',
      'incident.role_unassigned',
      'incident.note_added',
      'incident.release_recorded',
      'incident.release_updated',
      'incident.task_completed',
      'incident.updated',
      'incident.milestone_corrected',
      'incident.decision_recorded',
      'incident.options_proposed',
      'incident.report_linked',
      'incident.report_merged',
      'postmortem.section_updated',
      'postmortem.published',
      'action.created',
      'action.updated',
      'action.status_changed',
      'report.created',
      'report.answered',
      'report.claimed',
      'report.declared',
      'report.dismissed',
      'report.merged',
    ];
    source.onmessage = onEvent;
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    // Named events do not reach onmessage: listen to each type the server sends.
    for (const type of types) source.addEventListener(type, onEvent);
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [client, enabled]);
  return connected;
}
