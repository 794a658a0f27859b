import { Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import type { IdDiff, PlaybookDiff, PlaybookPreview as Preview } from '../../api/settings-hooks.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The structured preview of a valid draft: severity table, tasks per role per severity, platforms. */
export function PlaybookPreview({ preview }: { preview: Preview }) {
  const { t, text, statusName } = useI18n();
  const roleName = (id: string) => text(preview.roles.find((r) => r.id === id)?.name) || id;
  return (
    <Stack gap="sm" data-testid="playbook-preview">
      <div className="table-scroll">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('severity')}</Table.Th>
              <Table.Th>{t('playbookMeaning')}</Table.Th>
              <Table.Th>{t('playbookCadence')}</Table.Th>
              <Table.Th>{t('playbookWatch')}</Table.Th>
              <Table.Th>{t('playbookPostmortem')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.severities.map((s) => (
              <Table.Tr key={s.id} data-testid={`preview-${s.id}`}>
                <Table.Td fw={700}>{text(s.name) === s.id ? s.id : `${s.id} ${text(s.name)}`}</Table.Td>
                <Table.Td>{text(s.meaning)}</Table.Td>
                <Table.Td>{s.statusUpdateEveryMinutes}</Table.Td>
                <Table.Td>{s.convergenceWatchMinutes}</Table.Td>
                <Table.Td>{s.postmortemRequired ? t(s.postmortemForm === 'short' ? 'postmortemRequiredShort' : 'postmortemRequiredFull') : t('postmortemOptional')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Title order={4} size="h5">
        {t('playbookTasks')}
      </Title>
      {preview.severities.map((s) => (
        <div key={s.id}>
          <Text fw={700} size="sm">
            {s.id}
          </Text>
          {preview.tasks
            .filter((group) => group.severity === s.id)
            .map((group) => (
              <Text key={group.role} size="sm">
                {roleName(group.role)}: {group.tasks.length === 0 ? t('playbookNoTasks') : group.tasks.map((task) => `${text(task.title)} (${statusName(task.status)})`).join(' · ')}
              </Text>
            ))}
        </div>
      ))}
      <Group gap="xs">
        {preview.platforms.map((p) => (
          <Badge key={p.id} variant="light" color={p.canRollback ? 'teal' : 'gray'}>
            {text(p.name)}: {p.canRollback ? t('playbookCanRollback') : '—'}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}

/** What the draft changes against the version in force. */
export function PlaybookDiffSummary({ diff }: { diff: PlaybookDiff }) {
  const { t } = useI18n();
  if (diff.same) return <Text data-testid="playbook-diff">{t('playbookNoChange')}</Text>;
  const lists: [string, IdDiff][] = [
    [t('diffSeverities'), diff.severities],
    [t('diffRoles'), diff.roles],
    [t('diffTasks'), diff.tasks],
    [t('diffPlatforms'), diff.platforms],
  ];
  return (
    <List size="sm" data-testid="playbook-diff">
      {lists.flatMap(([label, d]) =>
        (
          [
            ['diffAdded', d.added],
            ['diffRemoved', d.removed],
            ['diffChanged', d.changed],
          ] as const
        )
          .filter(([, ids]) => ids.length > 0)
          .map(([kind, ids]) => (
            <List.Item key={`${label}-${kind}`}>
              {label} {t(kind)}: {ids.join(', ')}
            </List.Item>
          )),
      )}
      {diff.otherBlocks.length > 0 && (
        <List.Item>
          {t('diffOther')}: {diff.otherBlocks.join(', ')}
        </List.Item>
      )}
    </List>
  );
}
