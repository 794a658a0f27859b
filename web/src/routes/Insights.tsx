import { Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

/**
 * Insights (GET /api/v1/insights?from=&to=, CSV with Accept: text/csv). The JSON's exact shape is
 * defined on another branch; this page shows whatever it answers generically (numbers as figures,
 * lists of records as tables), so only this file needs adapting once the shape is fixed.
 */

function isRecordList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Section({ name, value }: { name: string; value: unknown }) {
  if (isRecordList(value)) {
    const columns = [...new Set(value.flatMap((row) => Object.keys(row)))];
    const numeric = columns.filter((column) => value.every((row) => typeof row[column] === 'number' || row[column] === null));
    const max = Math.max(1, ...value.flatMap((row) => numeric.map((column) => Number(row[column] ?? 0))));
    return (
      <Card withBorder component="section">
        <Title order={2} size="h5" mb="xs">
          {name}
        </Title>
        <div className="table-scroll">
          <Table>
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <Table.Th key={column}>{column}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {value.map((row, index) => (
                <Table.Tr key={index}>
                  {columns.map((column) => (
                    <Table.Td key={column}>
                      {cell(row[column])}
                      {numeric.includes(column) && typeof row[column] === 'number' && (
                        <div aria-hidden="true" style={{ height: 4, background: 'var(--mantine-color-red-5)', width: `${(100 * Number(row[column])) / max}%` }} />
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Card>
    );
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return (
      <Card withBorder component="section">
        <Title order={2} size="h5" mb="xs">
          {name}
        </Title>
        <Stack gap="xs">
          {Object.entries(value as Record<string, unknown>).map(([key, inner]) =>
            typeof inner === 'object' && inner !== null ? <Section key={key} name={key} value={inner} /> : <Text key={key} size="sm">{key}: <b>{cell(inner)}</b></Text>,
          )}
        </Stack>
      </Card>
    );
  }
  return (
    <Text size="sm">
      {name}: <b>{cell(value)}</b>
    </Text>
  );
}

export function InsightsPage() {
  const { t } = useI18n();
  const [from, setFrom] = useState(() => new Date(Date.now() - 90 * 86400_000).toISOString().slice(0, 10));
  const [to, setTo] = useState(() => new Date().toISOString().slice(0, 10));
  const query = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(`${to}T23:59:59`).toISOString() }).toString();
  const insights = useQuery({ queryKey: ['insights', query], queryFn: () => api<Record<string, unknown>>('GET', `/api/v1/insights?${query}`), retry: false });
  const downloadCsv = async () => {
    const response = await fetch(`/api/v1/insights?${query}`, { headers: { accept: 'text/csv' }, credentials: 'same-origin' });
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `insights-${from}-${to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  const missing = insights.error instanceof ApiError && insights.error.status === 404;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('insightsTitle')}
      </Title>
      <Group align="flex-end">
        <TextInput label={t('from')} type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label={t('to')} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Button variant="default" disabled={!insights.data} onClick={() => void downloadCsv()}>
          {t('downloadCsv')}
        </Button>
      </Group>
      {missing ? <Text c="dimmed">{t('insightsUnavailable')}</Text> : <ErrorAlert error={insights.error} />}
      {insights.data && Object.entries(insights.data).map(([name, value]) => <Section key={name} name={name} value={value} />)}
    </Stack>
  );
}
