import { Anchor, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import { keys, useActions, useIncidents, useReports } from '../api/hooks.ts';
import type { Incident, NowView, User } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { AlertCountBadge } from '../features/reports/ReportAlerts.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PanelShell } from '../ui/PanelShell.tsx';
import { SeverityBadge, StatusBadge } from '../ui/badges.tsx';

const SEVERITY_ORDER = ['SEV1', 'SEV2', 'SEV3'];

function bySeverity(a: Incident, b: Incident): number {
  const rank = (s: string | null) => (s === null ? 99 : SEVERITY_ORDER.indexOf(s) === -1 ? 50 : SEVERITY_ORDER.indexOf(s));
  return rank(a.severity) - rank(b.severity) || a.createdAt.localeCompare(b.createdAt);
}

/** What is happening and what I must do: active incidents, waiting reports, my tasks, overdue actions. */
export function DashboardPage({ user }: { user: User }) {
  const { t, age } = useI18n();
  const incidents = useIncidents('status=active&limit=200');
  const active = [...(incidents.data?.items ?? [])].sort(bySeverity);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('navDashboard')}
      </Title>
      <PanelShell id="active" title={t('activeIncidents')}>
        <ErrorAlert error={incidents.error} />
        {incidents.isPending ? (
          <Loader size="sm" />
        ) : active.length === 0 ? (
          <Text c="dimmed">{t('noActiveIncidents')}</Text>
        ) : (
          <div className="table-scroll">
            <Table striped highlightOnHover data-testid="active-incidents">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('severity')}</Table.Th>
                  <Table.Th>{t('title')}</Table.Th>
                  <Table.Th>{t('status')}</Table.Th>
                  <Table.Th>{t('commander')}</Table.Th>
                  <Table.Th>{t('age')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {active.map((incident) => (
                  <Table.Tr key={incident.id}>
                    <Table.Td className="nowrap">
                      <SeverityBadge severity={incident.severity} />
                    </Table.Td>
                    <Table.Td className="wide">
                      <Anchor component={Link} to={`/incidents/${incident.number}`}>
                        #{incident.number} {incident.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td className="nowrap">
                      <StatusBadge status={incident.status} />
                    </Table.Td>
                    <Table.Td className="nowrap">{incident.roles.commander?.name ?? <Text c="red" size="sm">{t('unassigned')}</Text>}</Table.Td>
                    <Table.Td className="nowrap">{age(incident.milestones.declaredAt ?? incident.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </PanelShell>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <MyTasks user={user} incidents={active} />
        <WaitingReports />
        <OverdueActions />
      </SimpleGrid>
    </Stack>
  );
}

function MyTasks({ user, incidents }: { user: User; incidents: Incident[] }) {
  const { t } = useI18n();
  const mine = incidents.filter((incident) => Object.values(incident.roles).some((holder) => holder?.id === user.id));
  const views = useQueries({
    queries: mine.map((incident) => ({ queryKey: keys.now(incident.id), queryFn: () => api<NowView>('GET', `/api/v1/incidents/${incident.id}/now`) })),
  });
  const tasks = views.flatMap((view, index) => {
    const incident = mine[index];
    if (!view.data || !incident) return [];
    return view.data.roles
      .filter((role) => role.holder?.id === user.id)
      .flatMap((role) => role.tasks.map((task) => ({ ...task, incident, roleName: role.name })));
  });
  return (
    <PanelShell id="my-tasks" title={t('myTasks')}>
      {tasks.length === 0 ? (
        <Text c="dimmed">{t('noMyTasks')}</Text>
      ) : (
        <Stack gap="xs" data-testid="my-tasks">
          {tasks.map((task) => (
            <Text key={task.id} size="sm">
              <Anchor component={Link} to={`/incidents/${task.incident.number}`}>
                #{task.incident.number}
              </Anchor>{' '}
              {task.title} <Text span c="dimmed" size="xs">({task.roleName})</Text>
            </Text>
          ))}
        </Stack>
      )}
    </PanelShell>
  );
}

function WaitingReports() {
  const { t, age } = useI18n();
  const reports = useReports('status=reported,investigating&limit=50');
  const items = reports.data?.items ?? [];
  return (
    <PanelShell id="reports" title={t('reportsWaiting')}>
      <ErrorAlert error={reports.error} />
      {items.length === 0 ? (
        <Text c="dimmed">{t('noReportsWaiting')}</Text>
      ) : (
        <Stack gap="xs">
          {items.map((report) => (
            <Group key={report.id} gap="xs">
              <StatusBadge status={report.status} />
              <Anchor component={Link} to={`/reports/${report.id}`} size="sm">
                R{report.number} {report.title}
              </Anchor>
              <AlertCountBadge report={report} />
              <Text size="xs" c="dimmed">
                {age(report.reportedAt)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </PanelShell>
  );
}

function OverdueActions() {
  const { t } = useI18n();
  const actions = useActions('overdue=true&status=open,in_progress&limit=50');
  const items = actions.data?.items ?? [];
  return (
    <PanelShell id="overdue" title={t('overdueActions')}>
      <ErrorAlert error={actions.error} />
      {items.length === 0 ? (
        <Text c="dimmed">{t('noOverdueActions')}</Text>
      ) : (
        <Stack gap="xs">
          {items.map((action) => (
            <Text key={action.id} size="sm">
              <Text span c="red" fw={700}>
                {action.dueDate}
              </Text>{' '}
              {action.title} — {action.owner.name} (
              <Anchor component={Link} to={`/incidents/${action.incident.number}`}>
                #{action.incident.number}
              </Anchor>
              )
            </Text>
          ))}
        </Stack>
      )}
    </PanelShell>
  );
}
