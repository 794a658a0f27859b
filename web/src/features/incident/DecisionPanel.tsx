import {
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation } from '../../api/hooks.ts';
import type { IncidentDetail, User } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { readDecisions, optionKey, type DecisionEntry } from './decisions.ts';
import { PanelShell } from '../../ui/PanelShell.tsx';

/**
 * The investigator's options and the commander's decision: the log (who proposed or decided, when),
 * the proposal form for the investigator, and for the commander a button per option or another
 * course. Admins may stand in for both (the API's rule); the API's refusal is shown as it comes.
 */
export function DecisionPanel({ incident, user }: { incident: IncidentDetail; user: User }) {
  const { t } = useI18n();
  const entries = readDecisions(incident.decisions);
  // As the API's guard (domain isFinished): nothing is decided on a closed or canceled incident.
  const isFinished = incident.status === 'closed' || incident.status === 'canceled';
  const canPropose =
    !isFinished && (user.role === 'admin' || incident.roles['investigator']?.id === user.id);
  const canDecide =
    !isFinished && (user.role === 'admin' || incident.roles['commander']?.id === user.id);
  const decide = useApiMutation(
    (body: object) => api('POST', `/api/v1/incidents/${incident.id}/decisions`, body),
    [['incident', incident.id]],
  );
  const chosen = new Set(
    entries.flatMap((e) => (e.kind === 'decision' && e.optionKey ? [e.optionKey] : [])),
  );
  return (
    <PanelShell id="decision" title={t('decisions')}>
      <Stack gap="xs">
        {entries.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('noDecisionsYet')}
          </Text>
        )}
        <Stack gap="xs" data-testid="decision-log">
          {entries.map((entry) => (
            <Entry
              key={entry.id}
              entry={entry}
              chosen={chosen}
              canDecide={canDecide}
              onChoose={(key, title) => decide.mutate({ optionKey: key, decision: title })}
            />
          ))}
        </Stack>
        <ErrorAlert error={decide.error} />
        {canPropose ? (
          <ProposeForm
            incident={incident}
            proposals={entries.filter((e) => e.kind === 'options').length}
          />
        ) : (
          <Text size="xs" c="dimmed">
            {t('onlyInvestigatorProposes')}
          </Text>
        )}
        {canDecide ? (
          <OtherCourse
            onRecord={(decision, rationale, done) =>
              decide.mutate(
                { decision, ...(rationale !== '' && { rationale }) },
                { onSuccess: done },
              )
            }
          />
        ) : (
          <Text size="xs" c="dimmed">
            {t('onlyCommanderDecides')}
          </Text>
        )}
      </Stack>
    </PanelShell>
  );
}

function Entry({
  entry,
  chosen,
  canDecide,
  onChoose,
}: {
  entry: DecisionEntry;
  chosen: Set<string>;
  canDecide: boolean;
  onChoose: (key: string, title: string) => void;
}) {
  const { t, dateTime } = useI18n();
  const name = entry.authorName ?? t('someone');
  if (entry.kind === 'decision') {
    return (
      <Paper withBorder p="xs" data-testid="decision" bg="var(--mantine-color-teal-light)">
        <Text size="sm" fw={700}>
          {entry.decision}
        </Text>
        {entry.rationale && <Text size="sm">{entry.rationale}</Text>}
        <Text size="xs" c="dimmed">
          {t('decidedBy', { name, at: dateTime(entry.createdAt) })}
        </Text>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="xs" data-testid="options">
      <Text size="xs" c="dimmed" mb={4}>
        {t('proposedBy', { name, at: dateTime(entry.createdAt) })}
      </Text>
      <Stack gap={6}>
        {entry.options.map((option) => (
          <Group
            key={option.key}
            justify="space-between"
            wrap="nowrap"
            align="flex-start"
            data-testid="option"
          >
            <div>
              <Text size="sm" fw={600}>
                {option.title}
                {chosen.has(option.key) && (
                  <Badge color="teal" ml="xs">
                    {t('chosen')}
                  </Badge>
                )}
              </Text>
              {option.description && (
                <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                  {option.description}
                </Text>
              )}
            </div>
            {canDecide && !chosen.has(option.key) && (
              <Button
                size="xs"
                variant="light"
                onClick={() => onChoose(option.key, option.title)}
                aria-label={`${t('choose')}: ${option.title}`}
              >
                {t('choose')}
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

interface Draft {
  title: string;
  description: string;
}

/** The investigator's form: two options to start with, more on demand (the API takes up to ten). */
function ProposeForm({ incident, proposals }: { incident: IncidentDetail; proposals: number }) {
  const { t } = useI18n();
  const empty = (): Draft => ({ title: '', description: '' });
  const [drafts, setDrafts] = useState<Draft[]>(() => [empty(), empty()]);
  const propose = useApiMutation(
    (body: object) => api('POST', `/api/v1/incidents/${incident.id}/decisions/options`, body),
    [['incident', incident.id]],
  );
  const update = (index: number, patch: Partial<Draft>) =>
    setDrafts((list) => list.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  const filled = drafts.filter((d) => d.title.trim() !== '');
  const submit = () =>
    propose.mutate(
      {
        options: filled.map((d, i) => ({
          key: optionKey(proposals + 1, i + 1),
          title: d.title.trim(),
          ...(d.description.trim() !== '' && { description: d.description.trim() }),
        })),
      },
      { onSuccess: () => setDrafts([empty(), empty()]) },
    );
  return (
    <Stack
      gap={6}
      component="form"
      aria-label={t('proposeOptions')}
      onSubmit={(e) => (e.preventDefault(), submit())}
    >
      <Title order={3} size="h6">
        {t('proposeOptions')}
      </Title>
      <Text size="xs" c="dimmed">
        {t('proposeHelp')}
      </Text>
      {drafts.map((draft, index) => (
        <Group key={index} align="flex-end" wrap="wrap" gap="xs">
          <TextInput
            label={t('optionTitle', { n: index + 1 })}
            maxLength={200}
            value={draft.title}
            onChange={(e) => update(index, { title: e.currentTarget.value })}
            style={{ flex: 1, minWidth: 160 }}
          />
          <Textarea
            label={t('optionDescription', { n: index + 1 })}
            autosize
            minRows={1}
            maxLength={2000}
            value={draft.description}
            onChange={(e) => update(index, { description: e.currentTarget.value })}
            style={{ flex: 2, minWidth: 200 }}
          />
          {drafts.length > 1 && (
            <Button
              variant="subtle"
              color="gray"
              onClick={() => setDrafts((list) => list.filter((_, i) => i !== index))}
              aria-label={t('removeOption', { n: index + 1 })}
            >
              ×
            </Button>
          )}
        </Group>
      ))}
      <ErrorAlert error={propose.error} />
      <Group>
        <Button
          variant="default"
          size="xs"
          disabled={drafts.length >= 10}
          onClick={() => setDrafts((list) => [...list, empty()])}
        >
          {t('addOption')}
        </Button>
        <Button type="submit" size="xs" disabled={filled.length === 0} loading={propose.isPending}>
          {t('submitOptions')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The commander records a course that is not one of the options. */
function OtherCourse({
  onRecord,
}: {
  onRecord: (decision: string, rationale: string, done: () => void) => void;
}) {
  const { t } = useI18n();
  const [decision, setDecision] = useState('');
  const [rationale, setRationale] = useState('');
  return (
    <Group align="flex-end" wrap="wrap" gap="xs">
      <TextInput
        label={t('otherCourse')}
        maxLength={2000}
        value={decision}
        onChange={(e) => setDecision(e.currentTarget.value)}
        style={{ flex: 2, minWidth: 180 }}
      />
      <TextInput
        label={t('rationale')}
        maxLength={5000}
        value={rationale}
        onChange={(e) => setRationale(e.currentTarget.value)}
        style={{ flex: 1, minWidth: 140 }}
      />
      <Button
        variant="light"
        disabled={decision.trim() === ''}
        onClick={() => {
          onRecord(decision.trim(), rationale.trim(), () => {
            setDecision('');
            setRationale('');
          });
        }}
      >
        {t('recordDecision')}
      </Button>
    </Group>
  );
}
