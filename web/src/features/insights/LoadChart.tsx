import { Alert } from '@mantine/core';
import type { RoleLoad } from '../../api/insights-hooks.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ChartCard, SVG_STYLE, useChartWidth } from './ChartCard.tsx';
import { formatShare, loadShape } from './data.ts';

const SHOWN = 10;
const LABEL = 130;
const MAX_WIDTH = 420;
const ROW = 20;

/** Incidents per person in a role, busiest first; a single-person dependency is called out. */
export function LoadChart({
  id,
  roleName,
  load,
}: {
  id: string;
  roleName: string;
  load: RoleLoad;
}) {
  const { t } = useI18n();
  const { ref, width: WIDTH } = useChartWidth(MAX_WIDTH);
  const shape = loadShape(load);
  const people = shape.people.slice(0, SHOWN);
  const max = Math.max(1, ...people.map((p) => p.incidents));
  const top = shape.people[0];
  const warn = shape.dependency === 'single' || shape.dependency === 'concentrated';
  const message =
    shape.dependency === 'none' || !top
      ? t('dependencyNone')
      : shape.dependency === 'single'
        ? t('dependencySingle', { name: top.name, count: top.incidents })
        : shape.dependency === 'concentrated'
          ? t('dependencyConcentrated', { name: top.name, share: formatShare(shape.topShare) })
          : t('dependencySpread', {
              people: shape.effectivePeople ?? '—',
              share: formatShare(shape.topShare),
            });
  const height = Math.max(1, people.length) * ROW + 4;
  return (
    <ChartCard
      id={id}
      title={t('chartLoad', { role: roleName })}
      table={{
        columns: [t('person'), t('incidentsCount'), t('share')],
        rows: shape.people.map((p) => [p.name, p.incidents, formatShare(p.share)]),
      }}
    >
      <Alert
        color={warn ? 'red' : 'gray'}
        variant="light"
        p="xs"
        mb="xs"
        data-testid={`${id}-dependency`}
      >
        {message}
      </Alert>
      <div ref={ref}>
        {people.length > 0 && (
          <svg
            role="img"
            aria-label={t('chartLoadLabel', { role: roleName, share: formatShare(shape.topShare) })}
            width={WIDTH}
            height={height}
            viewBox={`0 0 ${WIDTH} ${height}`}
            style={{ ...SVG_STYLE, fontSize: 11 }}
          >
            {people.map((person, index) => {
              const y = index * ROW + 2;
              const w = ((WIDTH - LABEL - 60) * person.incidents) / max;
              const highlight = index === 0 && warn;
              return (
                <g key={person.userId}>
                  <text x={LABEL - 6} y={y + 12} textAnchor="end" fill="#212529">
                    {person.name.length > 18 ? `${person.name.slice(0, 17)}…` : person.name}
                  </text>
                  <rect
                    x={LABEL}
                    y={y + 2}
                    width={Math.max(2, w)}
                    height={ROW - 6}
                    fill={highlight ? '#e03131' : '#4dabf7'}
                  />
                  <text x={LABEL + w + 4} y={y + 12} fill="#495057">
                    {person.incidents} ({formatShare(person.share)})
                  </text>
                </g>
              );
            })}
          </svg>
        )}
      </div>
    </ChartCard>
  );
}
