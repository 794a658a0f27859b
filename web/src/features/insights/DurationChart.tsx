import { Fragment } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { ChartCard, SVG_STYLE, useChartWidth, type ChartTable } from './ChartCard.tsx';
import { durationScale, formatDuration, type DurationRow } from './data.ts';

export interface DurationGroup {
  key: string;
  label: string;
  rows: (DurationRow & { label: string; color: string })[];
}

const LABEL = 100;
const ROW = 18;
const MAX_WIDTH = 460;

/**
 * Median (dot) and 90th percentile (ring, joined by a line) per row, grouped (e.g. per figure, a
 * row per severity), on a log scale of durations so minutes and days fit one axis.
 */
export function DurationChart({
  id,
  title,
  help,
  label,
  groups,
}: {
  id: string;
  title: string;
  help?: string;
  label: string;
  groups: DurationGroup[];
}) {
  const { t } = useI18n();
  const { ref, width: WIDTH } = useChartWidth(MAX_WIDTH);
  const max = Math.max(
    0,
    ...groups.flatMap((g) => g.rows.map((r) => Math.max(r.median ?? 0, r.p90 ?? 0))),
  );
  const { position, ticks } = durationScale(max);
  const plot = WIDTH - LABEL - 16;
  const x = (seconds: number) => LABEL + position(seconds) * plot;
  // A group without a label (a single list of rows) has no heading line.
  const lines = groups.flatMap((group) => [
    ...(group.label === '' ? [] : [{ kind: 'group' as const, group }]),
    ...group.rows.map((row) => ({ kind: 'row' as const, group, row })),
  ]);
  const height = lines.length * ROW + 24;
  const table: ChartTable = {
    columns: [t('metric'), t('median'), t('p90'), t('measured')],
    rows: groups.flatMap((group) =>
      group.rows.map((row) => [
        group.label === '' ? row.label : `${group.label} — ${row.label}`,
        formatDuration(row.median),
        formatDuration(row.p90),
        row.count,
      ]),
    ),
  };
  return (
    <ChartCard id={id} title={title} {...(help !== undefined && { help })} table={table}>
      <div ref={ref}>
        <svg
          role="img"
          aria-label={label}
          width={WIDTH}
          height={height}
          viewBox={`0 0 ${WIDTH} ${height}`}
          style={{ ...SVG_STYLE, fontSize: 11 }}
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={x(tick)} x2={x(tick)} y1={0} y2={height - 16} stroke="#e9ecef" />
              <text x={x(tick)} y={height - 4} textAnchor="middle" fill="#868e96">
                {formatDuration(tick)}
              </text>
            </g>
          ))}
          {lines.map((line, index) => {
            const y = index * ROW + 12;
            if (line.kind === 'group') {
              return (
                <text key={`g-${line.group.key}`} x={0} y={y + 3} fontWeight={700} fill="#212529">
                  {line.group.label}
                </text>
              );
            }
            const { row } = line;
            return (
              <Fragment key={`${line.group.key}-${row.key}`}>
                <text x={line.group.label === '' ? 0 : 12} y={y + 3} fill="#495057">
                  {row.label} (n={row.count})
                </text>
                {row.median !== null && row.p90 !== null && (
                  <line
                    x1={x(row.median)}
                    x2={x(row.p90)}
                    y1={y}
                    y2={y}
                    stroke={row.color}
                    strokeWidth={2}
                  />
                )}
                {row.p90 !== null && (
                  <circle
                    cx={x(row.p90)}
                    cy={y}
                    r={4}
                    fill="white"
                    stroke={row.color}
                    strokeWidth={2}
                  />
                )}
                {row.median !== null && (
                  <circle cx={x(row.median)} cy={y} r={4.5} fill={row.color}>
                    <title>{`${[line.group.label, row.label].filter(Boolean).join(' ')}: ${t('median')} ${formatDuration(row.median)}, ${t('p90')} ${formatDuration(row.p90)}`}</title>
                  </circle>
                )}
              </Fragment>
            );
          })}
        </svg>
      </div>
    </ChartCard>
  );
}
