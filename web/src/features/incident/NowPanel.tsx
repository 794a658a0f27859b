import { Alert, Button, Card, Group, List, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation, useNowView, useSuggestions } from '../../api/hooks.ts';
import type { IncidentDetail, Playbook, User } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { FlowDiagram } from './FlowDiagram.tsx';

const BEFORE_RESOLVED = new Set(['triage', 'responding', 'monitoring']);

/**
 * The now view: where the incident is, who holds each role and their open tasks, what blocks
 * the next status, and the buttons to act. A refused step shows the guard's own message.
 */
export function NowPanel({ incident, playbook, user }: { incident: IncidentDetail; playbook: Playbook; user: User }) {
  const { t, statusName } = useI18n();
  const id = incident.id;
  // A viewer sees the same view without the buttons: the API would refuse every one of them.
  const canAct = user.role !== 'viewer';
  const now = useNowView(id);
  const [cancelReason, setCancelReason] = useState('');
  const [assignee, setAssignee] = useState<Record<string, string | null>>({});
  const suggestions = useSuggestions(id, canAct);
  const invalidate = [['incident'], ['incidents']];
  const changeStatus = useApiMutation((body: { status: string; note?: string }) => api('POST', `/api/v1/incidents/${id}/status`, body), invalidate);
  const assign = useApiMutation(({ role, userId }: { role: string; userId: string }) => api('PUT', `/api/v1/incidents/${id}/roles/${role}`, { userId }), invalidate);
  const completeTask = useApiMutation((taskId: string) => api('POST', `/api/v1/incidents/${id}/tasks/${taskId}/complete`), invalidate);
  const changeSeverity = useApiMutation((severity: string) => api('POST', `/api/v1/incidents/${id}/severity`, { severity }), invalidate);
  const error = changeStatus.error ?? assign.error ?? completeTask.error ?? changeSeverity.error;
  const view = now.data;
  const reset = () => [changeStatus, assign, completeTask, changeSeverity].forEach((m) => m.reset());
  if (!view) return <ErrorAlert error={now.error} />;
  const people = (suggestions.data?.items ?? []).map((item) => ({ value: item.user.id, label: item.user.name }));
  return (
    <Card withBorder component="section" aria-labelledby="now-title" data-testid="now-view">
      <Stack>
        <Title order={2} size="h3" id="now-title">
          {t('nowView')}
        </Title>
        <FlowDiagram status={view.status} />
        <ErrorAlert error={error} />
        <div>
          <Title order={3} size="h5">
            {t('blockersTitle')}
          </Title>
          {view.blockers.length === 0 ? (
            <Text size="sm" c="teal">
              {t('noBlockers')}
            </Text>
          ) : (
            <List size="sm" data-testid="blockers">
              {view.blockers.map((blocker) => (
                <List.Item key={blocker.code}>{blocker.message}</List.Item>
              ))}
            </List>
          )}
        </div>
        <Group>
          {canAct && view.next && (
            <Button
              color="red"
              data-testid="advance"
              loading={changeStatus.isPending}
              onClick={() => {
                reset();
                changeStatus.mutate({ status: view.next ?? '' });
              }}
            >
              {t('moveTo', { status: statusName(view.next) })}
            </Button>
          )}
          {canAct && (view.status === 'monitoring' || view.status === 'resolved') && (
            <Button variant="light" onClick={() => changeStatus.mutate({ status: 'responding' })}>
              {t('reopen')}
            </Button>
          )}
          {canAct && view.severity !== null && BEFORE_RESOLVED.has(view.status) && (
            <Select
              aria-label={t('changeSeverity')}
              placeholder={t('changeSeverity')}
              w={180}
              value={null}
              data={playbook.severities.filter((s) => s.id !== view.severity).map((s) => ({ value: s.id, label: s.id }))}
              onChange={(value) => value && changeSeverity.mutate(value)}
            />
          )}
          {canAct && view.severity === null && BEFORE_RESOLVED.has(view.status) && (
            <Select
              aria-label={t('severity')}
              placeholder={t('severity')}
              w={180}
              value={null}
              data={playbook.severities.map((s) => ({ value: s.id, label: s.id }))}
              onChange={(value) => value && changeSeverity.mutate(value)}
            />
          )}
        </Group>
        <Title order={3} size="h5">
          {t('roles')}
        </Title>
        <Stack gap="sm">
          {view.roles.map((role) => (
            <Card key={role.role} withBorder p="sm" data-testid={`role-${role.role}`}>
              <Group justify="space-between" align="flex-start">
                <div>
                  <Text fw={700}>{role.name}</Text>
                  <Text size="sm">
                    {t('holder')}: {role.holder ? role.holder.name : <Text span c="red">{t('unassigned')}</Text>}
                  </Text>
                  {role.duty && (
                    <Text size="xs" c="dimmed">
                      {role.duty}
                    </Text>
                  )}
                </div>
                {canAct && (
                  <Group gap="xs">
                    {role.holder?.id !== user.id && (
                      <Button size="xs" variant="light" onClick={() => assign.mutate({ role: role.role, userId: user.id })}>
                        {t('take')}
                      </Button>
                    )}
                    {people.length > 0 && (
                      <>
                        <Select
                          size="xs"
                          aria-label={t('assignTo', { role: role.name })}
                          placeholder={t('assign')}
                          data={people}
                          value={assignee[role.role] ?? null}
                          onChange={(value) => setAssignee({ ...assignee, [role.role]: value })}
                          w={160}
                        />
                        <Button
                          size="xs"
                          variant="default"
                          disabled={!assignee[role.role]}
                          onClick={() => assign.mutate({ role: role.role, userId: assignee[role.role] ?? '' })}
                        >
                          {t('assign')}
                        </Button>
                      </>
                    )}
                  </Group>
                )}
              </Group>
              <Text size="xs" mt="xs" fw={600}>
                {t('openTasks')}
              </Text>
              {role.tasks.length === 0 ? (
                <Text size="xs" c="dimmed">
                  {t('noOpenTasks')}
                </Text>
              ) : (
                <Stack gap={4}>
                  {role.tasks.map((task) => (
                    <Group key={task.id} gap="xs" wrap="nowrap">
                      <Text size="sm" style={{ flex: 1 }}>
                        ☐ {task.title}
                      </Text>
                      {canAct && (
                        // A long title wraps; the button keeps its size (it was squeezed to "D…" on a phone).
                        <Button size="compact-xs" variant="outline" style={{ flexShrink: 0 }} onClick={() => completeTask.mutate(task.id)} aria-label={`${t('complete')}: ${task.title}`}>
                          {t('complete')}
                        </Button>
                      )}
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
          ))}
        </Stack>
        {canAct && BEFORE_RESOLVED.has(view.status) && (
          <Group align="flex-end">
            <TextInput label={t('cancelReason')} value={cancelReason} onChange={(e) => setCancelReason(e.currentTarget.value)} style={{ flex: 1 }} />
            <Button variant="outline" color="gray" disabled={cancelReason.trim() === ''} onClick={() => changeStatus.mutate({ status: 'canceled', note: cancelReason })}>
              {t('cancelIncident')}
            </Button>
          </Group>
        )}
        {incident.warnings.map((warning) => (
          <Alert key={warning.code} color="yellow">
            {warning.message}
          </Alert>
        ))}
      </Stack>
    </Card>
  );
}

