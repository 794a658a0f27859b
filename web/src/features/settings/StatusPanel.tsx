import { Badge, Button, Card, Code, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { settingsKeys, useAlertSourceStatus, useSlackStatus, useWebhookStatus, type SlackStatus } from '../../api/settings-hooks.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';

/** The status tab for admins: Slack, alert sources, outbound webhooks. */

function Counter({ label, value, isBad }: { label: string; value: number; isBad?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} c={isBad && value > 0 ? 'red' : undefined}>
        {value}
      </Text>
    </div>
  );
}

function SlackCheckView({ status }: { status: SlackStatus }) {
  const { t, dateTime } = useI18n();
  const check = status.check;
  if (!status.configured || !check) return <Text>{t('slackNotConfigured')}</Text>;
  return (
    <Stack gap={4}>
      {check.bot ? (
        <Text data-testid="slack-bot">{t('slackBot', { ...check.bot })}</Text>
      ) : (
        <Text c="red">{t('slackProblem', { outcome: check.outcome, problem: check.problem ?? '' })}</Text>
      )}
      {check.outcome === 'ok' &&
        (check.missingScopes.length === 0 ? (
          <Text c="teal">{t('slackAllScopes', { count: check.wantedScopeCount })}</Text>
        ) : (
          <div>
            <Text c="red">{t('slackMissingScopes', { count: check.missingScopes.length })}</Text>
            <Group gap={4}>
              {check.missingScopes.map((scope) => (
                <Code key={scope}>{scope}</Code>
              ))}
            </Group>
          </div>
        ))}
      <Text size="sm">
        {t('slackRequests')}: {status.signingSecretSet ? t('slackSigningSecret') : t('slackNoSigningSecret')}
        {status.socketMode && ` · ${t('slackSocketMode')}`}
      </Text>
      <Text size="xs" c="dimmed">
        {t('slackCheckedAt', { at: dateTime(check.checkedAt) })}
      </Text>
    </Stack>
  );
}

function SlackCard() {
  const { t, dateTime } = useI18n();
  const slack = useSlackStatus();
  const client = useQueryClient();
  const recheck = async () => {
    const fresh = await api<SlackStatus>('GET', '/api/v1/status/slack?refresh=1');
    client.setQueryData(settingsKeys.slack, fresh);
  };
  const data = slack.data;
  return (
    <Card withBorder component="section" aria-labelledby="status-slack" data-testid="status-slack">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="status-slack">
          {t('statusSlack')}
        </Title>
        {data?.configured && (
          <Button size="xs" variant="default" onClick={() => void recheck()}>
            {t('slackRecheck')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={slack.error} />
      {data && (
        <Stack gap="sm">
          <SlackCheckView status={data} />
          <SimpleGrid cols={2}>
            <Counter label={t('outboxPending')} value={data.outbox.pending} />
            <Counter label={t('outboxFailed', { days: data.outbox.failedWindowDays })} value={data.outbox.failed} isBad />
          </SimpleGrid>
          {data.outbox.lastFailure && (
            <Text size="sm">
              {t('outboxLastFailure')}: <Code>{data.outbox.lastFailure.topic}</Code> {data.outbox.lastFailure.error} ({dateTime(data.outbox.lastFailure.at)})
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}

function AlertSourcesCard() {
  const { t, dateTime } = useI18n();
  const sources = useAlertSourceStatus();
  const items = sources.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="status-alerts" data-testid="status-alert-sources">
      <Title order={3} size="h4" id="status-alerts" mb="xs">
        {t('statusAlertSources')}
      </Title>
      <ErrorAlert error={sources.error} />
      {sources.data && items.length === 0 && <Text c="dimmed">{t('noAlertSources')}</Text>}
      {items.length > 0 && (
        <div className="table-scroll">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('name')}</Table.Th>
                <Table.Th>{t('alertKind')}</Table.Th>
                <Table.Th>{t('alertAccepted')}</Table.Th>
                <Table.Th>{t('alertRejected')}</Table.Th>
                <Table.Th>{t('alertLastReceived')}</Table.Th>
                <Table.Th>{t('alertLastError')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.name}</Table.Td>
                  <Table.Td>{s.kind}</Table.Td>
                  <Table.Td>{s.acceptedCount}</Table.Td>
                  <Table.Td>
                    <Text c={s.rejectedCount > 0 ? 'red' : undefined} size="sm">
                      {s.rejectedCount}
                    </Text>
                  </Table.Td>
                  <Table.Td>{dateTime(s.lastReceivedAt)}</Table.Td>
                  <Table.Td>{s.lastRejection ? `${s.lastRejection.status} ${s.lastRejection.message} (${dateTime(s.lastRejection.at)})` : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Card>
  );
}

function WebhooksCard() {
  const { t, dateTime } = useI18n();
  const hooks = useWebhookStatus();
  const data = hooks.data;
  return (
    <Card withBorder component="section" aria-labelledby="status-webhooks" data-testid="status-webhooks">
      <Title order={3} size="h4" id="status-webhooks" mb="xs">
        {t('statusWebhooks')}
      </Title>
      <ErrorAlert error={hooks.error} />
      {data && data.items.length === 0 && <Text c="dimmed">{t('noWebhooks')}</Text>}
      {data && data.items.length > 0 && (
        <List listStyleType="none" spacing="sm">
          {data.items.map((w) => (
            <List.Item key={w.id}>
              <Group gap="xs">
                <Text fw={700}>{w.name}</Text>
                <Badge size="xs" variant="light">
                  {t('webhookSource')}: {w.source}
                </Badge>
              </Group>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                <Code>{w.url}</Code> · {w.events.join(', ')}
              </Text>
              <Group gap="lg">
                <Counter label={t('outboxPending')} value={w.pending} />
                <Counter label={t('outboxFailed', { days: data.failedWindowDays })} value={w.failed} isBad />
                <div>
                  <Text size="xs" c="dimmed">
                    {t('webhookLastDelivered')}
                  </Text>
                  <Text size="sm">{dateTime(w.lastDeliveredAt)}</Text>
                </div>
              </Group>
              {w.lastFailure && (
                <Text size="sm" c="red">
                  {t('outboxLastFailure')}: {w.lastFailure.error} ({dateTime(w.lastFailure.at)})
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

export default function StatusPanel() {
  return (
    <Stack gap="md">
      <SlackCard />
      <AlertSourcesCard />
      <WebhooksCard />
    </Stack>
  );
}
