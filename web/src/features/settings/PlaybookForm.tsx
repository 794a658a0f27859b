import { Button, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import type { PlaybookProblem } from '../../api/settings-hooks.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { appendAt, deleteAt, fieldName, numberOrText, setAt, type DraftPlaybook, type Path } from './yaml-edit.ts';

/**
 * The form over the playbook text for what teams change most: each severity's meaning, examples,
 * status-update cadence and watch window; the tasks of each role and the severities they apply
 * to; which platforms can roll back. Each field writes into the YAML; the server's problems are
 * shown at their field.
 */

const TASK_STATUSES = ['triage', 'responding', 'monitoring', 'resolved', 'postmortem', 'follow_up'];
const LOCALES = ['ja', 'en'] as const;

interface FormProps {
  text: string;
  data: DraftPlaybook;
  problems: PlaybookProblem[];
  onChange: (text: string) => void;
}

/** A scalar of the draft as a field shows it (a list or mapping typed in YAML shows empty). */
function shown(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? String(value) : '';
}

/** The problems about the field at `path` or inside it, joined for display. */
export function problemsAt(problems: PlaybookProblem[], path: Path): string | undefined {
  const name = fieldName(path);
  const found = problems.filter((p) => p.path === name || p.path.startsWith(`${name}.`) || p.path.startsWith(`${name}[`));
  return found.length === 0 ? undefined : found.map((p) => p.message).join('; ');
}

export function PlaybookForm({ text, data, problems, onChange }: FormProps) {
  return (
    <Stack gap="lg">
      <SeveritiesForm text={text} data={data} problems={problems} onChange={onChange} />
      <TasksForm text={text} data={data} problems={problems} onChange={onChange} />
      <PlatformsForm text={text} data={data} problems={problems} onChange={onChange} />
    </Stack>
  );
}

function SeveritiesForm({ text, data, problems, onChange }: FormProps) {
  const { t, text: tr } = useI18n();
  const set = (path: Path, value: unknown) => onChange(setAt(text, path, value));
  return (
    <section aria-labelledby="form-severities">
      <Title order={3} size="h4" id="form-severities" mb="xs">
        {t('playbookSeverities')}
      </Title>
      <Stack gap="sm">
        {(data.severities ?? []).map((severity, i) => {
          const base: Path = ['severities', i];
          const examples = severity.examples ?? [];
          return (
            <Card withBorder key={`${severity.id ?? ''}-${i}`} data-testid={`severity-${severity.id ?? i}`} component="fieldset" style={{ minWidth: 0 }}>
              <legend>
                <b>{severity.id}</b> {tr({ ja: severity.name?.ja ?? '', en: severity.name?.en ?? '' }) === severity.id ? '' : tr({ ja: severity.name?.ja ?? '', en: severity.name?.en ?? '' })}
              </legend>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {LOCALES.map((locale) => (
                  <Textarea
                    key={`meaning-${locale}`}
                    label={`${t('playbookMeaning')} (${t(locale === 'ja' ? 'languageJa' : 'languageEn')})`}
                    autosize
                    minRows={1}
                    value={severity.meaning?.[locale] ?? ''}
                    error={problemsAt(problems, [...base, 'meaning', locale])}
                    onChange={(e) => set([...base, 'meaning', locale], e.currentTarget.value)}
                  />
                ))}
                {LOCALES.map((locale) => (
                  <Textarea
                    key={`examples-${locale}`}
                    label={`${t('playbookExamples')} (${t(locale === 'ja' ? 'languageJa' : 'languageEn')})`}
                    autosize
                    minRows={2}
                    value={examples.map((example) => example[locale] ?? '').join('\n')}
                    error={problemsAt(problems, [...base, 'examples'])}
                    onChange={(e) => {
                      const lines = e.currentTarget.value.split('\n');
                      const other = locale === 'ja' ? 'en' : 'ja';
                      const count = Math.max(lines.length, examples.length);
                      const next = Array.from({ length: count }, (_, k) => ({ ja: '', en: '', ...examples[k], [locale]: lines[k] ?? '' }))
                        // A line emptied in both languages is an example removed.
                        .filter((example) => example[locale] !== '' || (example[other] ?? '') !== '');
                      set([...base, 'examples'], next);
                    }}
                  />
                ))}
                <TextInput
                  label={t('playbookCadence')}
                  inputMode="numeric"
                  value={shown(severity.statusUpdateEveryMinutes)}
                  error={problemsAt(problems, [...base, 'statusUpdateEveryMinutes'])}
                  onChange={(e) => set([...base, 'statusUpdateEveryMinutes'], numberOrText(e.currentTarget.value))}
                />
                <TextInput
                  label={t('playbookWatch')}
                  inputMode="numeric"
                  value={shown(severity.convergenceWatchMinutes)}
                  error={problemsAt(problems, [...base, 'convergenceWatchMinutes'])}
                  onChange={(e) => set([...base, 'convergenceWatchMinutes'], numberOrText(e.currentTarget.value))}
                />
              </SimpleGrid>
            </Card>
          );
        })}
      </Stack>
    </section>
  );
}

function TasksForm({ text, data, problems, onChange }: FormProps) {
  const { t, text: tr, statusName } = useI18n();
  const severities = (data.severities ?? []).map((s) => s.id ?? '');
  const tasks = (data.tasks ?? []).map((task, index) => ({ task, index }));
  return (
    <section aria-labelledby="form-tasks">
      <Title order={3} size="h4" id="form-tasks" mb="xs">
        {t('playbookTasks')}
      </Title>
      <Stack gap="md">
        {(data.roles ?? []).map((role) => {
          const mine = tasks.filter(({ task }) => task.role === role.id);
          const roleName = tr({ ja: role.name?.ja ?? '', en: role.name?.en ?? '' });
          return (
            <Card withBorder key={role.id} data-testid={`tasks-${role.id ?? ''}`}>
              <Title order={4} size="h5" mb="xs">
                {roleName}
              </Title>
              {mine.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('playbookNoTasks')}
                </Text>
              )}
              <Stack gap="sm">
                {mine.map(({ task, index }) => {
                  const base: Path = ['tasks', index];
                  const applies = task.severities;
                  const toggle = (id: string, checked: boolean) => {
                    const current = applies ?? severities;
                    const next = checked ? severities.filter((s) => s === id || current.includes(s)) : current.filter((s) => s !== id);
                    onChange(next.length === severities.length ? deleteAt(text, [...base, 'severities']) : setAt(text, [...base, 'severities'], next));
                  };
                  return (
                    <Card key={`${task.key ?? ''}-${index}`} withBorder padding="xs" component="fieldset" style={{ minWidth: 0 }}>
                      <legend>
                        <code>{task.key}</code>
                      </legend>
                      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                        {LOCALES.map((locale) => (
                          <TextInput
                            key={locale}
                            size="xs"
                            label={`${t('playbookTaskTitle')} (${t(locale === 'ja' ? 'languageJa' : 'languageEn')})`}
                            value={task.title?.[locale] ?? ''}
                            error={problemsAt(problems, [...base, 'title', locale])}
                            onChange={(e) => onChange(setAt(text, [...base, 'title', locale], e.currentTarget.value))}
                          />
                        ))}
                      </SimpleGrid>
                      <Group mt="xs" gap="md" align="flex-end" wrap="wrap">
                        <NativeSelect
                          size="xs"
                          label={t('playbookTaskStatus')}
                          value={task.status ?? ''}
                          data={TASK_STATUSES.map((value) => ({ value, label: statusName(value) }))}
                          error={problemsAt(problems, [...base, 'status'])}
                          onChange={(e) => onChange(setAt(text, [...base, 'status'], e.currentTarget.value))}
                        />
                        <Checkbox.Group label={t('playbookTaskAppliesTo')} error={problemsAt(problems, [...base, 'severities'])}>
                          <Group gap="xs" mt={4}>
                            {severities.map((id) => (
                              <Checkbox key={id} size="xs" label={id} checked={applies === undefined || applies.includes(id)} onChange={(e) => toggle(id, e.currentTarget.checked)} />
                            ))}
                          </Group>
                        </Checkbox.Group>
                        <Button size="xs" variant="subtle" color="red" onClick={() => onChange(deleteAt(text, base))} aria-label={t('playbookRemoveTask', { key: task.key ?? '' })}>
                          ✕
                        </Button>
                      </Group>
                    </Card>
                  );
                })}
              </Stack>
              <Group mt="xs">
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    const keys = new Set((data.tasks ?? []).map((task) => task.key));
                    let n = 1;
                    while (keys.has(`${role.id ?? 'task'}-${n}`)) n += 1;
                    onChange(appendAt(text, ['tasks'], { key: `${role.id ?? 'task'}-${n}`, role: role.id, status: 'responding', title: { ja: '', en: '' } }));
                  }}
                >
                  {t('playbookAddTask', { role: roleName })}
                </Button>
              </Group>
            </Card>
          );
        })}
      </Stack>
    </section>
  );
}

function PlatformsForm({ text, data, problems, onChange }: FormProps) {
  const { t, text: tr } = useI18n();
  return (
    <section aria-labelledby="form-platforms">
      <Title order={3} size="h4" id="form-platforms" mb="xs">
        {t('playbookPlatforms')}
      </Title>
      <div className="table-scroll">
        <Table>
          <Table.Tbody>
            {(data.platforms ?? []).map((platform, i) => (
              <Table.Tr key={`${platform.id ?? ''}-${i}`}>
                <Table.Td fw={700}>{tr({ ja: platform.name?.ja ?? '', en: platform.name?.en ?? '' })}</Table.Td>
                <Table.Td>
                  <Switch
                    label={t('playbookCanRollback')}
                    aria-label={`${t('playbookCanRollback')}: ${platform.id ?? ''}`}
                    checked={platform.canRollback === true}
                    error={problemsAt(problems, ['platforms', i, 'canRollback'])}
                    onChange={(e) => onChange(setAt(text, ['platforms', i, 'canRollback'], e.currentTarget.checked))}
                  />
                </Table.Td>
                <Table.Td>
                  <Switch
                    label={t('playbookStoreApp')}
                    aria-label={`${t('playbookStoreApp')}: ${platform.id ?? ''}`}
                    checked={platform.isStoreApp === true}
                    error={problemsAt(problems, ['platforms', i, 'isStoreApp'])}
                    onChange={(e) => onChange(setAt(text, ['platforms', i, 'isStoreApp'], e.currentTarget.checked))}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </section>
  );
}
