import { Anchor, Badge, Group, Loader, SimpleGrid, Stack, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useIncident, usePlaybook } from '../api/hooks.ts';
import type { User } from '../api/types.ts';
import { ActivityLinks } from '../features/incident/ActivityLinks.tsx';
import { DecisionPanel } from '../features/incident/DecisionPanel.tsx';
import { DetailsPanel } from '../features/incident/DetailsPanel.tsx';
import { ReleasePanel } from '../features/incident/ReleasePanel.tsx';
import { TimelinePanel } from '../features/incident/TimelinePanel.tsx';
import { NowPanel } from '../features/incident/NowPanel.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { SeverityBadge, StatusBadge } from '../ui/badges.tsx';

/** The incident page: the now view first, then timeline, details, releases and decisions. */
export function IncidentPage({ user }: { user: User }) {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const incident = useIncident(id);
  const playbook = usePlaybook();
  if (incident.isPending || playbook.isPending) return <Loader aria-label={t('loading')} />;
  if (!incident.data || !playbook.data) return <ErrorAlert error={incident.error ?? playbook.error} />;
  const data = incident.data;
  return (
    <Stack>
      <Group gap="sm">
        <Title order={1} size="h2" data-testid="incident-title">
          #{data.number} {data.title}
        </Title>
        <SeverityBadge severity={data.severity} />
        <StatusBadge status={data.status} />
        {data.isPrivate && <Badge color="dark">{t('private')}</Badge>}
      </Group>
      {data.slackChannel && (
        <Anchor href={data.slackChannel.url} target="_blank" rel="noreferrer" data-testid="slack-channel-link">
          {t(data.slackChannel.archived ? 'slackChannelArchived' : 'slackChannelNamed', { name: data.slackChannel.name })}
        </Anchor>
      )}
      <ActivityLinks incident={data} />
      <NowPanel incident={data} playbook={playbook.data.playbook} user={user} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ReleasePanel incident={data} playbook={playbook.data.playbook} />
        <DecisionPanel incident={data} user={user} />
      </SimpleGrid>
      <TimelinePanel incident={data} />
      <DetailsPanel incident={data} playbook={playbook.data.playbook} />
      <Anchor component={Link} to="/">
        ← {t('navDashboard')}
      </Anchor>
    </Stack>
  );
}
