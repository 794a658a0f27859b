import { Alert, Badge, Button, Card, Group, Loader, Stack, Table, Tabs, Text, Textarea, Title, UnstyledButton } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { keys } from '../../api/hooks.ts';
import { savePlaybookText, settingsKeys, usePlaybookSource, usePlaybookVersions, validatePlaybook, type PlaybookProblem, type SavedPlaybook, type Validation } from '../../api/settings-hooks.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PlaybookForm } from './PlaybookForm.tsx';
import { PlaybookDiffSummary, PlaybookPreview } from './PlaybookPreview.tsx';
import { parseDraft } from './yaml-edit.ts';

/** How long typing pauses before the draft is checked. */
const VALIDATE_DELAY_MS = 400;

type Check = { state: 'checking' } | { state: 'done'; result: Validation } | { state: 'failed'; error: unknown };

/**
 * Checks the text as the user types (debounced); only the answer for the latest text is kept. The
 * server words the problems in the page's language, so switching it checks again.
 */
function useLiveValidation(text: string | null, revision: number): Check | null {
  const { locale } = useI18n();
  const [check, setCheck] = useState<Check | null>(null);
  const latest = useRef(0);
  useEffect(() => {
    if (text === null) return undefined;
    const id = ++latest.current;
    setCheck({ state: 'checking' });
    const timer = setTimeout(() => {
      validatePlaybook(text).then(
        (result) => id === latest.current && setCheck({ state: 'done', result }),
        (error: unknown) => id === latest.current && setCheck({ state: 'failed', error }),
      );
    }, VALIDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, revision, locale]);
  return check;
}

/** The YAML itself, with the problems listed by line; choosing one puts the cursor there. */
function YamlView({ text, problems, onChange }: { text: string; problems: PlaybookProblem[]; onChange: (text: string) => void }) {
  const { t } = useI18n();
  const area = useRef<HTMLTextAreaElement>(null);
  const goTo = (line: number, column: number) => {
    const element = area.current;
    if (!element) return;
    const lines = text.split('\n');
    const offset = lines.slice(0, Math.max(0, line - 1)).reduce((sum, l) => sum + l.length + 1, 0) + Math.max(0, column - 1);
    element.focus();
    element.setSelectionRange(offset, offset);
  };
  return (
    <Stack gap="xs">
      {problems.length > 0 && (
        <Alert color="red" role="alert" title={t('playbookProblems', { count: problems.length })}>
          <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>
            {problems.map((p) => (
              <li key={`${p.line}:${p.column}:${p.path}:${p.message}`}>
                <UnstyledButton onClick={() => goTo(p.line, p.column)} style={{ textDecoration: 'underline' }}>
                  {t('playbookProblemAt', { line: p.line, column: p.column })}
                </UnstyledButton>{' '}
                {p.path !== '' && <code>{p.path}</code>} — {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Textarea
        ref={area}
        label={t('playbookYamlLabel')}
        value={text}
        onChange={(e) => onChange(e.currentTarget.value)}
        autosize
        minRows={20}
        maxRows={40}
        spellCheck={false}
        styles={{ input: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 } }}
      />
    </Stack>
  );
}

function VersionHistory() {
  const { t, dateTime } = useI18n();
  const versions = usePlaybookVersions();
  return (
    <section aria-labelledby="playbook-history">
      <Title order={3} size="h4" id="playbook-history" mb="xs">
        {t('playbookHistory')}
      </Title>
      <ErrorAlert error={versions.error} />
      <div className="table-scroll">
        <Table data-testid="playbook-versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('playbookOrigin')}</Table.Th>
              <Table.Th>{t('playbookBy')}</Table.Th>
              <Table.Th>{t('playbookWhen')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(versions.data?.items ?? []).map((v, index) => (
              <Table.Tr key={`${v.versionId}-${v.changedAt}-${index}`}>
                <Table.Td>
                  v{v.version}{' '}
                  {v.isInForce && (
                    <Badge size="xs" color="teal">
                      {t('playbookInForce')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{t(v.origin === 'web' ? 'originWeb' : 'originFile')}</Table.Td>
                <Table.Td>{v.by?.name ?? '—'}</Table.Td>
                <Table.Td>{dateTime(v.changedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </section>
  );
}

/** The playbook tab for admins: form and YAML views of one text, live check, preview, save, history. */
export default function PlaybookEditor() {
  const { t } = useI18n();
  const client = useQueryClient();
  const source = usePlaybookSource();
  const [draft, setDraft] = useState<{ text: string; base: number; original: string } | null>(null);
  // Bumped after a save: the same text is checked again against the new version in force.
  const [revision, setRevision] = useState(0);
  const [mode, setMode] = useState<string | null>('form');
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ saved: SavedPlaybook } | { conflict: number } | { error: unknown } | null>(null);
  const [saveProblems, setSaveProblems] = useState<PlaybookProblem[] | null>(null);

  useEffect(() => {
    if (source.data && draft === null) setDraft({ text: source.data.yaml, base: source.data.version, original: source.data.yaml });
  }, [source.data, draft]);

  const text = draft?.text ?? null;
  const check = useLiveValidation(text, revision);
  const parsed = useMemo(() => (text === null ? null : parseDraft(text)), [text]);
  const result = check?.state === 'done' ? check.result : null;
  const problems = saveProblems ?? (result && !result.valid ? result.errors : []);

  if (!draft || !parsed) return source.error ? <ErrorAlert error={source.error} /> : <Loader aria-label={t('loading')} />;

  const edit = (next: string) => {
    setSaveProblems(null);
    setOutcome(null);
    setDraft({ ...draft, text: next });
  };

  const reload = async () => {
    const fresh = await client.fetchQuery({ queryKey: settingsKeys.source, queryFn: () => api<{ id: string; version: number; yaml: string }>('GET', '/api/v1/playbook/source') });
    setDraft({ text: fresh.yaml, base: fresh.version, original: fresh.yaml });
    setOutcome(null);
    setSaveProblems(null);
  };

  const save = async () => {
    setSaving(true);
    try {
      const answer = await savePlaybookText(draft.text, draft.base);
      if ('valid' in answer) {
        setSaveProblems(answer.errors);
        return;
      }
      setOutcome({ saved: answer });
      setDraft({ text: draft.text, base: answer.version, original: draft.text });
      setRevision((n) => n + 1);
      client.setQueryData(settingsKeys.source, { id: answer.id, version: answer.version, yaml: draft.text });
      await Promise.all([client.invalidateQueries({ queryKey: settingsKeys.versions }), client.invalidateQueries({ queryKey: keys.playbook, exact: true })]);
    } catch (error) {
      const current = error instanceof ApiError && error.status === 409 ? (error.details as { currentVersion?: unknown } | null)?.currentVersion : undefined;
      setOutcome(typeof current === 'number' ? { conflict: current } : { error });
    } finally {
      setSaving(false);
    }
  };

  const isDirty = draft.text !== draft.original;
  const isValid = result?.valid === true && saveProblems === null;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text data-testid="playbook-editing">{t('playbookEditingFrom', { version: draft.base })}</Text>
        <Group gap="xs" aria-live="polite" data-testid="playbook-check">
          {check?.state === 'checking' && <Text size="sm" c="dimmed">{t('playbookChecking')}</Text>}
          {check?.state === 'done' && (isValid ? <Badge color="teal">{t('playbookValid')}</Badge> : <Badge color="red">{t('playbookProblems', { count: problems.length })}</Badge>)}
        </Group>
      </Group>
      {check?.state === 'failed' && <ErrorAlert error={check.error} />}
      {outcome && 'saved' in outcome && (
        <Alert color={outcome.saved.file.error ? 'yellow' : 'teal'} data-testid="playbook-saved">
          {t(outcome.saved.isChanged ? 'playbookSaved' : 'playbookUnchanged', { version: outcome.saved.version })}
          {outcome.saved.file.error && <div>{t('playbookFileNotWritten', { error: outcome.saved.file.error })}</div>}
        </Alert>
      )}
      {outcome && 'conflict' in outcome && (
        <Alert color="orange" role="alert" data-testid="playbook-conflict">
          <Stack gap="xs">
            <span>{t('playbookConflict', { version: outcome.conflict })}</span>
            <Group>
              <Button size="xs" onClick={() => void reload()}>
                {t('playbookReload')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {outcome && 'error' in outcome && <ErrorAlert error={outcome.error} />}
      <Tabs value={mode} onChange={setMode}>
        <Tabs.List>
          <Tabs.Tab value="form">{t('playbookForm')}</Tabs.Tab>
          <Tabs.Tab value="yaml">{t('playbookYaml')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="form" pt="md">
          {parsed.data ? (
            <>
              {problems.some((p) => p.path === '') && <Alert color="red">{t('playbookFixSyntax')}</Alert>}
              <PlaybookForm text={draft.text} data={parsed.data} problems={problems} onChange={edit} />
            </>
          ) : (
            <Alert color="red" role="alert">
              {t('playbookFixSyntax')}
            </Alert>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="yaml" pt="md">
          <YamlView text={draft.text} problems={problems} onChange={edit} />
        </Tabs.Panel>
      </Tabs>
      <Group>
        <Button onClick={() => void save()} loading={saving} disabled={!isDirty || !isValid}>
          {t('playbookSave')}
        </Button>
        <Button variant="default" disabled={!isDirty} onClick={() => edit(draft.original)}>
          {t('playbookDiscard')}
        </Button>
      </Group>
      {result?.valid === true && (
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">
            {t('playbookDiff')}
          </Title>
          <PlaybookDiffSummary diff={result.diff} />
          <Title order={3} size="h4" mt="md" mb="xs">
            {t('playbookPreview')}
          </Title>
          <PlaybookPreview preview={result.preview} />
        </Card>
      )}
      <VersionHistory />
    </Stack>
  );
}
