import { Card, Text, Title, VisuallyHidden } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A chart's frame: the title, the drawing (an SVG with role="img" and an aria-label saying what it
 * shows) and the same figures as a visually hidden table, so screen readers and keyboard users get
 * the numbers, not a picture.
 */
export function ChartCard({
  id,
  title,
  help,
  table,
  children,
}: {
  id: string;
  title: string;
  help?: string;
  table: ChartTable;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Card
      withBorder
      component="section"
      aria-labelledby={`${id}-title`}
      data-testid={`chart-${id}`}
    >
      <Title order={2} size="h5" id={`${id}-title`} mb={4}>
        {title}
      </Title>
      {help && (
        <Text size="xs" c="dimmed" mb="xs">
          {help}
        </Text>
      )}
      {children}
      <VisuallyHidden>
        <table>
          <caption>
            {t('chartTable')}: {title}
          </caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, index) => (
              <tr key={index}>
                {row.map((value, column) =>
                  column === 0 ? (
                    <th key={column} scope="row">
                      {value}
                    </th>
                  ) : (
                    <td key={column}>{value}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Card>
  );
}

/**
 * The width to draw a chart at: its container's, up to `max` (and not below `min`). A chart drawn at
 * the width it is shown keeps its text at its own size on a phone, where scaling a wide drawing
 * down would shrink the text out of reach. Before the first measurement: `max`.
 */
export function useChartWidth(
  max: number,
  min = 240,
): { ref: (element: HTMLDivElement | null) => void; width: number } {
  const { ref, width } = useElementSize<HTMLDivElement>();
  return { ref, width: width > 0 ? Math.max(min, Math.min(max, Math.floor(width))) : max };
}

/** The style of every chart's svg: scaled down (text included) only if even `min` is too wide. */
export const SVG_STYLE = { display: 'block', maxWidth: '100%', height: 'auto' } as const;

/** Colours of severities (as the badges), and of anything else. */
export const SEVERITY_FILL: Record<string, string> = {
  SEV1: '#e03131',
  SEV2: '#f76707',
  SEV3: '#f59f00',
  none: '#adb5bd',
};
export const OTHER_FILL = '#ae3ec9';

export function severityFill(severity: string): string {
  return SEVERITY_FILL[severity] ?? OTHER_FILL;
}

/** A legend: a swatch and a name per series. */
export function Legend({ items }: { items: { key: string; label: string; color: string }[] }) {
  return (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: 12, fontSize: 12, marginTop: 4 }}
      aria-hidden="true"
    >
      {items.map((item) => (
        <span key={item.key} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <span
            style={{
              width: 10,
              height: 10,
              background: item.color,
              display: 'inline-block',
              borderRadius: 2,
            }}
          />
          {item.label}
        </span>
      ))}
    </div>
  );
}
