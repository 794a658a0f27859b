import { Button, Group, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation, useTimeline } from '../../api/hooks.ts';
import type { IncidentDetail } from '../../api/types.ts';
import { camelCase, useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PanelShell } from '../../ui/PanelShell.tsx';

const CORRECTABLE = ['impact_started_at', 'detected_at', 'reported_at', 'declared_at', 'acknowledged_at', 'mitigated_at', 'released_at', 'resolved_at'];

function describeEvent(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['text', 'from', 'to', 'severity', 'role', 'note', 'reason', 'milestone', 'decision', 'platform', 'kind', 'title']) {
    const value = data[key];
    if (typeof value === 'string' || typeof value === 'number') parts.push(key === 'text' ? String(value) : `${key}: ${String(value)}`);
  }
  if (Array.isArray(data['options'])) {
    const titles = (data['options'] as unknown[]).map((o) => (o && typeof o === 'object' && 'title' in o ? String(o.title) : ''));
    parts.push(titles.filter(Boolean).join(' / '));
  }
  return parts.join(' · ');
}

/** The timeline: filter by type, add a note, correct a milestone's time (the correction is itself on the timeline). */
export function TimelinePanel({ incident }: { incident: IncidentDetail }) {
  const { t, dateTime, milestoneName } = useI18n();
  const [type, setType] = useState('');
  const timeline = useTimeline(incident.id, type);
  const all = useTimeline(incident.id, '');
  const [note, setNote] = useState('');
  const [milestone, setMilestone] = useState<string | null>(null);
  const [at, setAt] = useState('');
  const [reason, setReason] = useState('');
  const invalidate = [['incident']];
  const addNote = useApiMutation((text: string) => api('POST', `/api/v1/incidents/${incident.id}/timeline`, { text }), invalidate);
  const correct = useApiMutation((body: object) => api('PATCH', `/api/v1/incidents/${incident.id}/milestones`, body), invalidate);
  const types = [...new Set((all.data?.items ?? []).map((event) => event.type))].sort();
  return (
    <PanelShell id="timeline" title={t('timeline')}>
      <Stack gap="xs">
        <Select
          label={t('filterByType')}
          w={280}
          value={type}
          onChange={(value) => setType(value ?? '')}
          data={[{ value: '', label: t('allEvents') }, ...types.map((value) => ({ value, label: value }))]}
        />
        <div className="table-scroll">
          <Table data-testid="timeline">
            <Table.Tbody>
              {(timeline.data?.items ?? []).map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(event.occurredAt)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {event.type}
                    </Text>
                  </Table.Td>
                  <Table.Td className="wide">{describeEvent(event.data)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
        <ErrorAlert error={addNote.error ?? correct.error} />
        <Group align="flex-end">
          <Textarea label={t('addNote')} autosize minRows={1} value={note} onChange={(e) => setNote(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button variant="light" disabled={note.trim() === ''} onClick={() => addNote.mutate(note, { onSuccess: () => setNote('') })}>
            {t('addNote')}
          </Button>
        </Group>
        <Title order={3} size="h6">
          {t('editMilestone')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <Select
            label={t('milestone')}
            value={milestone}
            onChange={setMilestone}
            data={CORRECTABLE.map((value) => ({ value, label: `${milestoneName(value)} (${dateTime(incident.milestones[camelCase(value)])})` }))}
            w={280}
          />
          <TextInput label={t('time')} type="datetime-local" value={at} onChange={(e) => setAt(e.currentTarget.value)} />
          <TextInput label={t('reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} style={{ flex: 1, minWidth: 160 }} />
          <Button
            variant="default"
            disabled={!milestone || at === '' || reason.trim() === ''}
            onClick={() => correct.mutate({ milestone, at: new Date(at).toISOString(), reason }, { onSuccess: () => setReason('') })}
          >
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </PanelShell>
  );
}
