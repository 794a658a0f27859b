import { Alert, Button, Card, Group, Radio, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { keys, useApiMutation, usePlaybook, useReport } from '../api/hooks.ts';
import type { Incident, Report } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { StatusBadge } from '../ui/badges.tsx';
import { ReportAlerts } from '../features/reports/ReportAlerts.tsx';
import { SeverityPicker } from './Declare.tsx';

/** Anyone may report a problem (a user inquiry, something seen internally). */
export function NewReportPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [source, setSource] = useState<string>('inquiry');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const create = useApiMutation((body: object) => api<Report>('POST', '/api/v1/reports', body), [['reports']]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ source, title, description }, { onSuccess: (report) => void navigate(`/reports/${report.id}`) });
  };
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        {t('reportTitle')}
      </Title>
      <ErrorAlert error={create.error} />
      <form onSubmit={submit}>
        <Stack>
          <Select
            label={t('source')}
            value={source}
            onChange={(value) => setSource(value ?? 'inquiry')}
            allowDeselect={false}
            data={[
              { value: 'inquiry', label: t('sourceInquiry') },
              { value: 'internal', label: t('sourceInternal') },
              { value: 'monitoring', label: t('sourceMonitoring') },
            ]}
          />
          <TextInput label={t('title')} required maxLength={200} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          <Textarea label={t('description')} autosize minRows={3} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('submitReport')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** The quick investigation: the definition questions suggest declaring or dismissing. */
export function ReportPage() {
  const { id = '' } = useParams();
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const report = useReport(id);
  const playbook = usePlaybook();
  const [severity, setSeverity] = useState('');
  const [reason, setReason] = useState('');
  const invalidate = [keys.report(id), ['reports']];
  const answer = useApiMutation((answers: Record<string, boolean>) => api('POST', `/api/v1/reports/${id}/answers`, { answers }), invalidate);
  const declare = useApiMutation((body: object) => api<Incident>('POST', `/api/v1/reports/${id}/declare`, body), [...invalidate, ['incidents']]);
  const dismiss = useApiMutation((body: object) => api('POST', `/api/v1/reports/${id}/dismiss`, body), invalidate);
  const data = report.data;
  if (!data) return <ErrorAlert error={report.error} />;
  const isOpen = data.status === 'reported' || data.status === 'investigating';
  const suggestion = { declare: t('suggestDeclare'), dismiss: t('suggestDismiss'), undecided: t('suggestUndecided') }[data.suggestion];
  return (
    <Stack maw={860}>
      <Group>
        <Title order={1} size="h2">
          R{data.number} {data.title}
        </Title>
        <StatusBadge status={data.status} />
      </Group>
      <Text size="sm" c="dimmed">
        {dateTime(data.reportedAt)} · {data.source}
      </Text>
      {data.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{data.description}</Text>}
      {data.alerts.length > 0 && <ReportAlerts alerts={data.alerts} />}
      <ErrorAlert error={answer.error ?? declare.error ?? dismiss.error} />
      <Card withBorder component="section" aria-labelledby="definition-title">
        <Title order={2} size="h4" id="definition-title" mb="xs">
          {t('definitionCheck')}
        </Title>
        <Stack>
          {data.questions.map((question) => (
            <Radio.Group
              key={question.key}
              label={question.text}
              value={question.answer === null ? '' : question.answer ? 'yes' : 'no'}
              onChange={(value) => isOpen && answer.mutate({ [question.key]: value === 'yes' })}
            >
              <Group mt={4}>
                <Radio value="yes" label={t('yes')} disabled={!isOpen} />
                <Radio value="no" label={t('no')} disabled={!isOpen} />
              </Group>
            </Radio.Group>
          ))}
          <Alert color={data.suggestion === 'declare' ? 'red' : data.suggestion === 'dismiss' ? 'teal' : 'gray'} data-testid="suggestion">
            {suggestion}
          </Alert>
        </Stack>
      </Card>
      {isOpen && playbook.data && (
        <Card withBorder>
          <Stack>
            <SeverityPicker playbook={playbook.data.playbook} value={severity} onChange={setSeverity} allowNone />
            <Group>
              <Button
                color="red"
                variant={data.suggestion === 'declare' ? 'filled' : 'light'}
                loading={declare.isPending}
                onClick={() => declare.mutate(severity === '' ? {} : { severity }, { onSuccess: (incident) => void navigate(`/incidents/${incident.number}`) })}
              >
                {t('declare')}
              </Button>
            </Group>
            <Textarea label={t('dismissReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Group>
              <Button variant={data.suggestion === 'dismiss' ? 'filled' : 'light'} color="teal" loading={dismiss.isPending} onClick={() => dismiss.mutate({ reason })}>
                {t('dismiss')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
