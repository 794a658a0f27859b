import { Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../api/client.ts';
import { usePlaybook } from '../api/hooks.ts';
import { insightsQuery, useInsights, type Bucket, type InsightsFilter } from '../api/insights-hooks.ts';
import { INCIDENT_FLOW } from '../api/types.ts';
import { ActionsChart } from '../features/insights/ActionsChart.tsx';
import { DurationChart, type DurationGroup } from '../features/insights/DurationChart.tsx';
import { LoadChart } from '../features/insights/LoadChart.tsx';
import { OverTimeChart } from '../features/insights/OverTimeChart.tsx';
import { RepeatsChart } from '../features/insights/RepeatsChart.tsx';
import { severityFill } from '../features/insights/ChartCard.tsx';
import { durationRows, formatDuration } from '../features/insights/data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

const DAY = 86_400_000;
const TIME_TO = ['detect', 'acknowledge', 'mitigate', 'resolve'] as const;

/** A local date input's value as the instant of that day's start (end: the next day's start, exclusive). */
function dayStart(day: string, plusDays = 0): string {
  const [y = 1970, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

function today(offsetDays = 0): string {
  const at = new Date(Date.now() + offsetDays * DAY);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

/**
 * Insights (docs/metrics.md, docs/web.md): the period's incidents by severity over time, time to
 * detect/acknowledge/mitigate/resolve by severity, time per status, commander and investigator load
 * with its concentration, prevention actions and repeats per service; CSV export of the same figures.
 * Loaded lazily (App.tsx): its code is not in the dashboard's initial load.
 */
export function InsightsPage() {
  const { t, text, statusName } = useI18n();
  const playbook = usePlaybook().data?.playbook;
  const [from, setFrom] = useState(() => today(-90));
  const [to, setTo] = useState(() => today());
  const [bucket, setBucket] = useState<Bucket>('week');
  const [severity, setSeverity] = useState('');
  const [platform, setPlatform] = useState('');
  const [serviceDraft, setServiceDraft] = useState('');
  const [service, setService] = useState('');
  const validPeriod = from !== '' && to !== '' && from <= to;
  const filter: InsightsFilter = { from: dayStart(from), to: dayStart(to, 1), bucket, severity, service, platform };
  const insights = useInsights(filter);
  const data = validPeriod ? insights.data : undefined;
  const severityOrder = playbook?.severities.map((s) => s.id) ?? [];
  const severityName = (id: string) => (id === 'none' ? t('noSeverity') : text(playbook?.severities.find((s) => s.id === id)?.name) || id);
  const roleName = (id: string) => text(playbook?.roles.find((r) => r.id === id)?.name) || id;
  const downloadCsv = async () => {
    const response = await fetch(`/api/v1/insights?${insightsQuery(filter)}`, { headers: { accept: 'text/csv' }, credentials: 'same-origin' });
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `insights-${from}-${to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  const missing = insights.error instanceof ApiError && insights.error.status === 404;

  const timeToGroups: DurationGroup[] = data
    ? TIME_TO.map((metric) => {
        const all = data.timeTo[metric];
        const perSeverity = severityOrder.concat(Object.keys(data.timeToBySeverity).filter((s) => !severityOrder.includes(s)));
        const rows = [
          ...(all.count > 0 ? [{ key: 'all', label: t('allIncidents'), color: '#495057', ...all }] : []),
          ...perSeverity.flatMap((s) => {
            const d = data.timeToBySeverity[s]?.[metric];
            return d && d.count > 0 && severity === '' ? [{ key: s, label: severityName(s), color: severityFill(s), ...d }] : [];
          }),
        ];
        const name = t(metric === 'detect' ? 'metricDetect' : metric === 'acknowledge' ? 'metricAcknowledge' : metric === 'mitigate' ? 'metricMitigate' : 'metricResolve');
        return { key: metric, label: name, rows };
      }).filter((group) => group.rows.length > 0)
    : [];
  const statusRows = data ? durationRows(data.timeInStatus, INCIDENT_FLOW).rows : [];

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('insightsTitle')}
      </Title>
      <Card withBorder component="section" aria-label={t('insightsFilters')}>
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('from')} type="date" value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput label={t('to')} type="date" value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} />
          <Select
            label={t('bucket')}
            w={110}
            allowDeselect={false}
            value={bucket}
            onChange={(value) => setBucket(value === 'day' || value === 'month' ? value : 'week')}
            data={[
              { value: 'day', label: t('bucketDay') },
              { value: 'week', label: t('bucketWeek') },
              { value: 'month', label: t('bucketMonth') },
            ]}
          />
          <Select
            label={t('severity')}
            w={170}
            allowDeselect={false}
            value={severity}
            onChange={(value) => setSeverity(value ?? '')}
            data={[{ value: '', label: t('allSeverities') }, ...(playbook?.severities ?? []).map((s) => ({ value: s.id, label: `${s.id} — ${text(s.name)}` }))]}
          />
          <TextInput
            label={t('service')}
            placeholder={t('anyService')}
            w={170}
            value={serviceDraft}
            onChange={(e) => setServiceDraft(e.currentTarget.value)}
            onBlur={() => setService(serviceDraft.trim())}
            onKeyDown={(e) => {
              if (e.key === 'Enter') setService(serviceDraft.trim());
            }}
          />
          <Select
            label={t('platform')}
            w={170}
            allowDeselect={false}
            value={platform}
            onChange={(value) => setPlatform(value ?? '')}
            data={[{ value: '', label: t('allPlatforms') }, ...(playbook?.platforms ?? []).map((p) => ({ value: p.id, label: text(p.name) }))]}
          />
          <Button variant="default" disabled={!data} onClick={() => void downloadCsv()}>
            {t('downloadCsv')}
          </Button>
        </Group>
      </Card>
      {missing ? <Text c="dimmed">{t('insightsUnavailable')}</Text> : <ErrorAlert error={insights.error} />}
      {data && (
        <>
          <Text data-testid="insights-totals">
            {t('insightsTotals', { total: data.incidents.total, canceled: data.incidents.canceled, reopened: data.incidents.reopened })}
            {data.postmortem.published > 0 && ` · ${t('postmortemsPublished', { count: data.postmortem.published, median: formatDuration(data.postmortem.completion.median) })}`}
          </Text>
          {data.incidents.total === 0 ? (
            <Text c="dimmed">{t('insightsEmpty')}</Text>
          ) : (
            <>
              <OverTimeChart insights={data} severityOrder={severityOrder} severityName={severityName} />
              <SimpleGrid cols={{ base: 1, lg: 2 }}>
                <DurationChart
                  id="time-to"
                  title={t('chartTimeTo')}
                  help={t('chartTimeToHelp')}
                  label={t('chartTimeToLabel', { metrics: timeToGroups.map((g) => g.label).join(', ') })}
                  groups={timeToGroups}
                />
                <DurationChart
                  id="time-in-status"
                  title={t('chartTimeInStatus')}
                  label={t('chartTimeInStatusLabel')}
                  groups={[{ key: 'status', label: '', rows: statusRows.map((row) => ({ ...row, label: statusName(row.key), color: '#1c7ed6' })) }]}
                />
                <LoadChart id="load-commander" roleName={roleName('commander')} load={data.load.commander} />
                <LoadChart id="load-investigator" roleName={roleName('investigator')} load={data.load.investigator} />
                <ActionsChart actions={data.actions} />
                <RepeatsChart repeats={data.repeatsByService} />
              </SimpleGrid>
            </>
          )}
        </>
      )}
    </Stack>
  );
}
