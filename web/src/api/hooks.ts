import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api } from './client.ts';
import type {
  Action,
  ApiToken,
  IncidentDetail,
  Incident,
  NowView,
  Page,
  Playbook,
  Postmortem,
  ReportDetail,
  ReportListItem,
  Session,
  TimelineEvent,
  User,
  Person,
} from './types.ts';

/** Query keys: every key starts with the resource, so a live event can invalidate by prefix. */
export const keys = {
  session: ['session'] as const,
  playbook: ['playbook'] as const,
  incidents: (filter: string) => ['incidents', filter] as const,
  incident: (id: string) => ['incident', id] as const,
  now: (id: string) => ['incident', id, 'now'] as const,
  timeline: (id: string, type: string) => ['incident', id, 'timeline', type] as const,
  suggestions: (id: string) => ['incident', id, 'suggestions'] as const,
  postmortem: (id: string) => ['incident', id, 'postmortem'] as const,
  reports: (filter: string) => ['reports', filter] as const,
  report: (id: string) => ['report', id] as const,
  actions: (filter: string) => ['actions', filter] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
};

export function useSession() {
  return useQuery({
    queryKey: keys.session,
    queryFn: async () => {
      try {
        return await api<Session>('GET', '/api/v1/session');
      } catch (error) {
        if ((error as { status?: number }).status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function usePlaybook() {
  return useQuery({
    queryKey: keys.playbook,
    queryFn: () => api<{ id: string; version: number; playbook: Playbook }>('GET', '/api/v1/playbook'),
    staleTime: 300_000,
  });
}

export function useIncidents(query: string) {
  return useQuery({ queryKey: keys.incidents(query), queryFn: () => api<Page<Incident>>('GET', `/api/v1/incidents?${query}`) });
}

export function useIncident(id: string) {
  return useQuery({ queryKey: keys.incident(id), queryFn: () => api<IncidentDetail>('GET', `/api/v1/incidents/${id}`) });
}

export function useNowView(id: string) {
  return useQuery({ queryKey: keys.now(id), queryFn: () => api<NowView>('GET', `/api/v1/incidents/${id}/now`) });
}

export function useTimeline(id: string, type: string) {
  const query = new URLSearchParams({ limit: '500', ...(type !== '' && { type }) });
  return useQuery({
    queryKey: keys.timeline(id, type),
    queryFn: () => api<{ items: TimelineEvent[]; nextCursor: number | null }>('GET', `/api/v1/incidents/${id}/timeline?${query.toString()}`),
  });
}

export function useSuggestions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.suggestions(id),
    queryFn: () => api<{ items: { user: Person; lastServedAt: string | null }[] }>('GET', `/api/v1/incidents/${id}/roles/commander/suggestions`),
    enabled,
  });
}

export function usePostmortem(id: string) {
  return useQuery({ queryKey: keys.postmortem(id), queryFn: () => api<Postmortem>('GET', `/api/v1/incidents/${id}/postmortem`), retry: false });
}

export function useReports(query: string) {
  return useQuery({ queryKey: keys.reports(query), queryFn: () => api<Page<ReportListItem>>('GET', `/api/v1/reports?${query}`) });
}

export function useReport(id: string) {
  return useQuery({ queryKey: keys.report(id), queryFn: () => api<ReportDetail>('GET', `/api/v1/reports/${id}`) });
}

export function useActions(query: string) {
  return useQuery({ queryKey: keys.actions(query), queryFn: () => api<Page<Action>>('GET', `/api/v1/actions?${query}`) });
}

export function useUsers(enabled: boolean) {
  return useQuery({ queryKey: keys.users, queryFn: () => api<Page<User>>('GET', '/api/v1/users?limit=200'), enabled });
}

export function useTokens() {
  return useQuery({ queryKey: keys.tokens, queryFn: () => api<Page<ApiToken>>('GET', '/api/v1/tokens?limit=200') });
}

/** A write to the API; on success the given queries (by key prefix) are fetched again. */
export function useApiMutation<I, O = unknown>(request: (input: I) => Promise<O>, invalidate: QueryKey[] = []) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: async () => {
      await Promise.all(invalidate.map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}
