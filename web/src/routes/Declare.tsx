import { Button, Checkbox, Group, Paper, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { usePlaybook, useApiMutation } from '../api/hooks.ts';
import type { Incident, Playbook } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

/** Severity choice with each level's meaning and examples, from the playbook in force. */
export function SeverityPicker({ playbook, value, onChange, allowNone }: { playbook: Playbook; value: string; onChange: (value: string) => void; allowNone: boolean }) {
  const { t, text } = useI18n();
  return (
    <Radio.Group label={t('severity')} description={t('severityHelp')} value={value} onChange={onChange} name="severity">
      <Stack gap="xs" mt="xs">
        {playbook.severities.map((severity) => (
          <Paper key={severity.id} withBorder p="xs">
            <Radio value={severity.id} label={`${text(severity.name)} — ${text(severity.meaning)}`} />
            <Text size="xs" c="dimmed" ml="xl">
              {t('examples')}: {severity.examples.map((example) => text(example)).join(' / ')}
            </Text>
          </Paper>
        ))}
        {allowNone && <Radio value="" label={t('noSeverityYet')} />}
      </Stack>
    </Radio.Group>
  );
}

/** Declare an incident: with a severity it starts responding at once. */
export function DeclarePage() {
  const { t, text } = useI18n();
  const navigate = useNavigate();
  const playbook = usePlaybook();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [impact, setImpact] = useState('');
  const [severity, setSeverity] = useState('');
  const [platforms, setPlatforms] = useState<string[]>([]);
  const [isPrivate, setPrivate] = useState(false);
  const [titleMissing, setTitleMissing] = useState(false);
  const declare = useApiMutation((body: object) => api<Incident>('POST', '/api/v1/incidents', body), [['incidents']]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Refused here, in the UI's language, before the API would refuse it (a title of spaces too).
    if (title.trim() === '') {
      setTitleMissing(true);
      return;
    }
    declare.mutate(
      { title, summary, impact, platforms, isPrivate, ...(severity !== '' && { severity }) },
      { onSuccess: (incident) => void navigate(`/incidents/${incident.number}`) },
    );
  };
  return (
    <Stack maw={760}>
      <Title order={1} size="h2">
        {t('declareTitle')}
      </Title>
      <ErrorAlert error={declare.error ?? playbook.error} />
      {playbook.data && (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label={t('title')}
              name="title"
              required
              maxLength={200}
              value={title}
              error={titleMissing ? t('titleRequired') : undefined}
              onChange={(e) => {
                setTitle(e.currentTarget.value);
                setTitleMissing(false);
              }}
            />
            <Textarea label={t('summary')} name="summary" autosize minRows={2} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} />
            <Textarea label={t('impact')} name="impact" autosize minRows={2} value={impact} onChange={(e) => setImpact(e.currentTarget.value)} />
            <SeverityPicker playbook={playbook.data.playbook} value={severity} onChange={setSeverity} allowNone />
            <Checkbox.Group label={t('platforms')} value={platforms} onChange={setPlatforms}>
              <Group mt="xs">
                {playbook.data.playbook.platforms.map((platform) => (
                  <Checkbox key={platform.id} value={platform.id} label={text(platform.name)} />
                ))}
              </Group>
            </Checkbox.Group>
            <Checkbox label={t('private')} checked={isPrivate} onChange={(e) => setPrivate(e.currentTarget.checked)} />
            <Group>
              <Button type="submit" color="red" loading={declare.isPending}>
                {t('declare')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
