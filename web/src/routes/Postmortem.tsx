import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { keys, useApiMutation, useIncident, usePostmortem } from '../api/hooks.ts';
import type { PostmortemSection, User } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

function SectionEditor({ incidentId, section, readOnly }: { incidentId: string; section: PostmortemSection; readOnly: boolean }) {
  const { t } = useI18n();
  const [body, setBody] = useState(section.body);
  useEffect(() => setBody(section.body), [section.body]);
  const save = useApiMutation(
    () => api('PUT', `/api/v1/incidents/${incidentId}/postmortem`, { sections: [{ key: section.key, body, revision: section.revision }] }),
    [keys.postmortem(incidentId)],
  );
  return (
    <Card withBorder data-testid="postmortem-section" data-required={section.required && section.body.trim() === '' ? 'missing' : undefined}>
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={2} size="h5" id={`section-${section.key}`}>
            {section.title}
          </Title>
          {section.required && <Badge size="xs">{t('required')}</Badge>}
          {save.isSuccess && body === section.body && (
            <Text size="xs" c="teal">
              {t('saved')}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {section.prompt}
        </Text>
        <Textarea aria-labelledby={`section-${section.key}`} autosize minRows={3} value={body} readOnly={readOnly} onChange={(e) => setBody(e.currentTarget.value)} />
        <ErrorAlert error={save.error} />
        {!readOnly && (
          <Group>
            <Button size="xs" variant="light" disabled={body === section.body} loading={save.isPending} onClick={() => save.mutate(undefined)}>
              {t('save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** Adds a prevention action (owner: yourself) from the postmortem. */
function AddAction({ incidentId, user }: { incidentId: string; user: User }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState(() => new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10));
  const create = useApiMutation((body: object) => api('POST', `/api/v1/incidents/${incidentId}/actions`, body), [['actions']]);
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">
        {t('navActions')}
      </Title>
      <ErrorAlert error={create.error} />
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} style={{ flex: 1, minWidth: 200 }} />
        <TextInput label={t('due')} type="date" value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} />
        <Button disabled={title.trim() === ''} onClick={() => create.mutate({ title, ownerId: user.id, dueDate }, { onSuccess: () => setTitle('') })}>
          {t('record')}
        </Button>
      </Group>
      {create.isSuccess && (
        <Anchor component={Link} to={`/actions?incident=${incidentId}`} size="sm">
          {t('navActions')} →
        </Anchor>
      )}
    </Card>
  );
}

/** The postmortem editor: sections (the timeline prefilled by the server), publish, Markdown export. */
export function PostmortemPage({ user }: { user: User }) {
  const { id = '' } = useParams();
  const { t, dateTime } = useI18n();
  const incident = useIncident(id);
  const incidentId = incident.data?.id ?? '';
  const postmortem = usePostmortem(incidentId === '' ? id : incidentId);
  const publish = useApiMutation(() => api('POST', `/api/v1/incidents/${incidentId}/postmortem/publish`), [keys.postmortem(incidentId), ['incident']]);
  if (postmortem.isPending) return <Loader aria-label={t('loading')} />;
  const data = postmortem.data;
  if (!data) return <ErrorAlert error={postmortem.error} />;
  const isPublished = data.status === 'published';
  const titles = new Map(data.sections.map((s) => [s.key, s.title]));
  return (
    <Stack maw={900}>
      <Group>
        <Title order={1} size="h2">
          {t('postmortemTitle', { number: data.incident.number })}
        </Title>
        <Badge color={isPublished ? 'teal' : 'gray'} data-testid="postmortem-status">
          {isPublished ? `${t('published')} ${dateTime(data.publishedAt)}` : t('draft')}
        </Badge>
      </Group>
      <Text>
        <Anchor component={Link} to={`/incidents/${data.incident.number}`}>
          #{data.incident.number} {data.incident.title}
        </Anchor>
      </Text>
      {data.missingRequired.length > 0 && (
        <Alert color="yellow">{t('missingSections', { sections: data.missingRequired.map((key) => titles.get(key) ?? key).join(', ') })}</Alert>
      )}
      {data.sections.map((section) => (
        <SectionEditor key={section.key} incidentId={data.incidentId} section={section} readOnly={isPublished} />
      ))}
      <ErrorAlert error={publish.error} />
      <Group>
        {!isPublished && (
          <Button color="teal" loading={publish.isPending} onClick={() => publish.mutate(undefined)}>
            {t('publish')}
          </Button>
        )}
        <Button component="a" variant="default" href={`/api/v1/incidents/${data.incidentId}/postmortem.md`} download={`postmortem-${data.incident.number}.md`}>
          {t('exportMarkdown')}
        </Button>
      </Group>
      <AddAction incidentId={data.incidentId} user={user} />
    </Stack>
  );
}
