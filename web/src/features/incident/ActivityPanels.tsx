import { Button, Card, Group, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation, useTimeline } from '../../api/hooks.ts';
import type { IncidentDetail, Playbook } from '../../api/types.ts';
import { camelCase, useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';

const CORRECTABLE = ['impact_started_at', 'detected_at', 'reported_at', 'declared_at', 'acknowledged_at', 'mitigated_at', 'released_at', 'resolved_at'];

/** Record a fix release or a rollback; a rollback is offered only where the platform allows it. */
export function ReleasePanel({ incident, playbook }: { incident: IncidentDetail; playbook: Playbook }) {
  const { t, text, dateTime } = useI18n();
  const [platform, setPlatform] = useState<string | null>(incident.platforms[0] ?? playbook.platforms[0]?.id ?? null);
  const [kind, setKind] = useState<string>('fix');
  const [note, setNote] = useState('');
  const record = useApiMutation((body: object) => api('POST', `/api/v1/incidents/${incident.id}/releases`, body), [['incident'], ['incidents']]);
  const canRollback = playbook.platforms.find((p) => p.id === platform)?.canRollback ?? false;
  return (
    <Card withBorder component="section" aria-labelledby="release-title">
      <Title order={2} size="h4" id="release-title" mb="xs">
        {t('release')}
      </Title>
      <Stack gap="xs">
        {incident.releases.map((release) => (
          <Text key={release.id} size="sm">
            {dateTime(release.recordedAt)} — {release.kind === 'rollback' ? t('rollback') : t('fix')} ({release.platform}) {release.note}
          </Text>
        ))}
        <ErrorAlert error={record.error} />
        <Group align="flex-end" wrap="wrap">
          <Select
            label={t('platform')}
            value={platform}
            onChange={setPlatform}
            allowDeselect={false}
            data={playbook.platforms.map((p) => ({ value: p.id, label: text(p.name) }))}
            w={150}
          />
          <Select
            label={t('kind')}
            value={kind}
            onChange={(value) => setKind(value ?? 'fix')}
            allowDeselect={false}
            data={[{ value: 'fix', label: t('fix') }, ...(canRollback ? [{ value: 'rollback', label: t('rollback') }] : [])]}
            w={160}
          />
          <TextInput label={t('note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} style={{ flex: 1, minWidth: 160 }} />
          <Button
            loading={record.isPending}
            onClick={() =>
              record.mutate({ platform, kind: canRollback ? kind : 'fix', ...(note !== '' && { note }) }, { onSuccess: () => setNote('') })
            }
          >
            {t('record')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The commander's decisions (and the investigator's options), recorded on the timeline. */
export function DecisionPanel({ incident }: { incident: IncidentDetail }) {
  const { t, dateTime } = useI18n();
  const [decision, setDecision] = useState('');
  const record = useApiMutation((body: object) => api('POST', `/api/v1/incidents/${incident.id}/decisions`, body), [['incident']]);
  return (
    <Card withBorder component="section" aria-labelledby="decision-title">
      <Title order={2} size="h4" id="decision-title" mb="xs">
        {t('decisions')}
      </Title>
      <Stack gap="xs">
        {incident.decisions.map((entry) => (
          <Text key={entry.id} size="sm">
            {dateTime(entry.createdAt)} — {describeDecision(entry.body)}
          </Text>
        ))}
        <ErrorAlert error={record.error} />
        <Group align="flex-end">
          <TextInput label={t('decision')} value={decision} onChange={(e) => setDecision(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button variant="light" disabled={decision.trim() === ''} onClick={() => record.mutate({ decision }, { onSuccess: () => setDecision('') })}>
            {t('recordDecision')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function describeDecision(body: unknown): string {
  if (body && typeof body === 'object') {
    const value = body as { decision?: unknown; options?: { title?: unknown }[] };
    if (typeof value.decision === 'string') return value.decision;
    if (Array.isArray(value.options)) return value.options.map((o) => String(o.title)).join(' / ');
  }
  return JSON.stringify(body);
}

function describeEvent(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['text', 'from', 'to', 'severity', 'role', 'note', 'reason', 'milestone', 'decision', 'platform', 'kind', 'title']) {
    const value = data[key];
    if (typeof value === 'string' || typeof value === 'number') parts.push(key === 'text' ? String(value) : `${key}: ${String(value)}`);
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
    <Card withBorder component="section" aria-labelledby="timeline-title">
      <Title order={2} size="h4" id="timeline-title" mb="xs">
        {t('timeline')}
      </Title>
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
                  <Table.Td>{describeEvent(event.data)}</Table.Td>
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
    </Card>
  );
}

/** Details, impact, platforms and milestones. */
export function DetailsPanel({ incident, playbook }: { incident: IncidentDetail; playbook: Playbook }) {
  const { t, text, dateTime, milestoneName } = useI18n();
  return (
    <Card withBorder component="section" aria-labelledby="details-title">
      <Title order={2} size="h4" id="details-title" mb="xs">
        {t('details')}
      </Title>
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t('summary')}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {incident.summary || '—'}
        </Text>
        <Text size="sm" fw={600}>
          {t('impact')}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {incident.impact || '—'}
        </Text>
        <Text size="sm">
          <b>{t('platforms')}:</b>{' '}
          {incident.platforms.map((id) => text(playbook.platforms.find((p) => p.id === id)?.name) || id).join(', ') || t('none')}
        </Text>
        <Text size="sm" fw={600}>
          {t('milestones')}
        </Text>
        <Table>
          <Table.Tbody>
            {Object.entries(incident.milestones)
              .filter(([, value]) => value !== null)
              .map(([name, value]) => (
                <Table.Tr key={name}>
                  <Table.Td>{milestoneName(name)}</Table.Td>
                  <Table.Td>{dateTime(value)}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}
