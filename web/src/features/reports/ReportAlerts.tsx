import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReportAlert, ReportListItem } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { safeLink } from './links.ts';

/** Firing or resolved, as a badge. */
export function AlertStatusBadge({ status }: { status: ReportAlert['status'] }) {
  const { t } = useI18n();
  return (
    <Badge
      color={status === 'firing' ? 'red' : 'teal'}
      variant={status === 'firing' ? 'filled' : 'light'}
    >
      {status === 'firing' ? t('alertFiring') : t('alertResolved')}
    </Badge>
  );
}

/** The queue's at-a-glance figure: how many alerts, how many still firing (nothing for a report not made from alerts). */
export function AlertCountBadge({ report }: { report: ReportListItem }) {
  const { t } = useI18n();
  const { total, firing } = report.alertCounts;
  if (total === 0) return null;
  return (
    <Badge
      color={firing > 0 ? 'red' : 'gray'}
      variant={firing > 0 ? 'light' : 'outline'}
      data-testid="alert-count"
      style={{ flexShrink: 0 }}
    >
      {t('alertsSummary', { count: total, firing })}
    </Badge>
  );
}

/** A report's alerts: source, status, labels, deliveries, first and last seen, and the link back to the sending tool. */
export function ReportAlerts({ alerts }: { alerts: ReportAlert[] }) {
  const { t, dateTime } = useI18n();
  const firing = alerts.filter((a) => a.status === 'firing').length;
  return (
    <Card withBorder component="section" aria-labelledby="alerts-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="alerts-title">
          {t('alerts')}
        </Title>
        <Text size="sm" c={firing > 0 ? 'red' : 'dimmed'} data-testid="alerts-summary">
          {t('alertsSummary', { count: alerts.length, firing })}
        </Text>
      </Group>
      <div className="table-scroll">
        <Table data-testid="report-alerts" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('status')}</Table.Th>
              <Table.Th>{t('title')}</Table.Th>
              <Table.Th>{t('alertSource')}</Table.Th>
              <Table.Th>{t('alertDeliveries')}</Table.Th>
              <Table.Th>{t('firstSeen')}</Table.Th>
              <Table.Th>{t('lastSeen')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {alerts.map((alert) => {
              const link = safeLink(alert.link);
              const labels = Object.entries(alert.labels);
              return (
                <Table.Tr key={alert.id} data-testid="report-alert">
                  <Table.Td>
                    <AlertStatusBadge status={alert.status} />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      <Text size="sm" fw={600}>
                        {link ? (
                          <Anchor
                            href={link}
                            target="_blank"
                            rel="noreferrer noopener"
                            title={t('openInSourceTool')}
                          >
                            {alert.title} ↗
                          </Anchor>
                        ) : (
                          alert.title
                        )}
                      </Text>
                      {labels.length > 0 && (
                        <Group gap={4} aria-label={t('alertLabels')}>
                          {labels.map(([key, value]) => (
                            <Badge key={key} size="xs" variant="outline" color="gray" tt="none">
                              {key}={value}
                            </Badge>
                          ))}
                        </Group>
                      )}
                      {alert.endsAt && (
                        <Text size="xs" c="dimmed">
                          {t('endedAt', { at: dateTime(alert.endsAt) })}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{alert.sourceName ?? '—'}</Text>
                    {alert.sourceKind && (
                      <Text size="xs" c="dimmed">
                        {alert.sourceKind}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{alert.count}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(alert.startsAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(alert.lastSeenAt)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>
    </Card>
  );
}
