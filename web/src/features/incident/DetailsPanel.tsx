import { Stack, Table, Text } from '@mantine/core';
import type { IncidentDetail, Playbook } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { PanelShell } from '../../ui/PanelShell.tsx';

/** Details, impact, platforms and milestones. */
export function DetailsPanel({ incident, playbook }: { incident: IncidentDetail; playbook: Playbook }) {
  const { t, text, dateTime, milestoneName } = useI18n();
  return (
    <PanelShell id="details" title={t('details')}>
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
    </PanelShell>
  );
}
