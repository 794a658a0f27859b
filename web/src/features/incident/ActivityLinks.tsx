import { Anchor, Group } from '@mantine/core';
import { Link } from 'react-router';
import type { IncidentDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';

const WITH_POSTMORTEM = new Set(['postmortem', 'follow_up', 'closed']);

/** Links out of the incident: its postmortem (once opened) and the prevention actions. */
export function ActivityLinks({ incident }: { incident: IncidentDetail }) {
  const { t } = useI18n();
  return (
    <Group gap="md">
      {WITH_POSTMORTEM.has(incident.status) && (
        <Anchor component={Link} to={`/incidents/${incident.number}/postmortem`}>
          {t('openPostmortem')}
        </Anchor>
      )}
      <Anchor component={Link} to={`/actions?incident=${incident.id}`}>
        {t('navActions')}
      </Anchor>
    </Group>
  );
}
