import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation } from '../../api/hooks.ts';
import type { IncidentDetail, Playbook } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PanelShell } from '../../ui/PanelShell.tsx';

/** Record a fix release or a rollback; a rollback is offered only where the platform allows it. */
export function ReleasePanel({ incident, playbook }: { incident: IncidentDetail; playbook: Playbook }) {
  const { t, text, dateTime } = useI18n();
  const [platform, setPlatform] = useState<string | null>(incident.platforms[0] ?? playbook.platforms[0]?.id ?? null);
  const [kind, setKind] = useState<string>('fix');
  const [note, setNote] = useState('');
  const record = useApiMutation((body: object) => api('POST', `/api/v1/incidents/${incident.id}/releases`, body), [['incident'], ['incidents']]);
  const canRollback = playbook.platforms.find((p) => p.id === platform)?.canRollback ?? false;
  return (
    <PanelShell id="release" title={t('release')}>
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
    </PanelShell>
  );
}
