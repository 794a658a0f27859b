import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.ts';
import { useActions, useApiMutation } from '../api/hooks.ts';
import type { Action, User } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

function ActionRow({ action, canEdit }: { action: Action; canEdit: boolean }) {
  const { t, statusName } = useI18n();
  const [evidence, setEvidence] = useState('');
  const [reason, setReason] = useState('');
  const update = useApiMutation((body: object) => api('PATCH', `/api/v1/actions/${action.id}`, body), [['actions'], ['incident']]);
  return (
    <Card withBorder p="sm" data-testid="action">
      <Group justify="space-between" wrap="wrap">
        <div>
          <Text fw={600}>{action.title}</Text>
          <Text size="xs" c="dimmed">
            <Link to={`/incidents/${action.incident.number}`}>#{action.incident.number}</Link> · {action.owner.name} · {t('due')} {action.dueDate}{' '}
            {action.isOverdue && (
              <Badge color="red" size="xs">
                {t('overdue')}
              </Badge>
            )}
          </Text>
        </div>
        <Badge variant="light">{statusName(action.status)}</Badge>
      </Group>
      <ErrorAlert error={update.error} />
      {canEdit && (action.status === 'open' || action.status === 'in_progress') && (
        <Stack gap="xs" mt="xs">
          <Group align="flex-end" wrap="wrap">
            <TextInput size="xs" label={t('evidence')} value={evidence} onChange={(e) => setEvidence(e.currentTarget.value)} style={{ flex: 1, minWidth: 180 }} />
            <Button size="xs" color="teal" onClick={() => update.mutate({ status: 'done', evidence })}>
              {t('markDone')}
            </Button>
          </Group>
          <Group align="flex-end" wrap="wrap">
            <TextInput size="xs" label={t('deferReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} style={{ flex: 1, minWidth: 180 }} />
            <Button size="xs" variant="default" onClick={() => update.mutate({ status: 'deferred', reason })}>
              {t('defer')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

/** The morning meeting's board: open actions grouped by owner or incident, overdue first. */
export function ActionsPage({ user }: { user: User }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const incidentId = params.get('incident');
  const [groupBy, setGroupBy] = useState('owner');
  const query = new URLSearchParams({ status: 'open,in_progress', limit: '200', ...(incidentId && { incidentId }) });
  const actions = useActions(query.toString());
  const items = [...(actions.data?.items ?? [])].sort((a, b) => Number(b.isOverdue) - Number(a.isOverdue) || a.dueDate.localeCompare(b.dueDate));
  const groups = new Map<string, Action[]>();
  for (const action of items) {
    const label = groupBy === 'owner' ? action.owner.name : `#${action.incident.number} ${action.incident.title}`;
    groups.set(label, [...(groups.get(label) ?? []), action]);
  }
  return (
    <Stack maw={960}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('actionsTitle')}
        </Title>
        <SegmentedControl
          aria-label={t('groupBy')}
          value={groupBy}
          onChange={setGroupBy}
          data={[
            { value: 'owner', label: t('byOwner') },
            { value: 'incident', label: t('byIncident') },
          ]}
        />
      </Group>
      <ErrorAlert error={actions.error} />
      {items.length === 0 && !actions.isPending && <Text c="dimmed">{t('noActions')}</Text>}
      {[...groups].map(([label, list]) => (
        <Stack key={label} gap="xs" component="section">
          <Title order={2} size="h4">
            {label}
          </Title>
          {list.map((action) => (
            <ActionRow key={action.id} action={action} canEdit={user.role !== 'viewer'} />
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
