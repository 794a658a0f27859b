import { Text } from '@mantine/core';
import type { Insights } from '../../api/insights-hooks.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ChartCard, SVG_STYLE, useChartWidth } from './ChartCard.tsx';

const SHOWN = 10;
const LABEL = 130;
const MAX_WIDTH = 420;
const ROW = 20;

/** Incidents per service, most first; the repeats (incidents beyond the first) drawn darker. */
export function RepeatsChart({ repeats }: { repeats: Insights['repeatsByService'] }) {
  const { t } = useI18n();
  const { ref, width: WIDTH } = useChartWidth(MAX_WIDTH);
  const shown = repeats.slice(0, SHOWN);
  const max = Math.max(1, ...shown.map((s) => s.incidents));
  const height = Math.max(1, shown.length) * ROW + 4;
  const unit = (WIDTH - LABEL - 40) / max;
  return (
    <ChartCard
      id="repeats"
      title={t('chartRepeats')}
      table={{
        columns: [t('service'), t('incidentsCount'), t('repeats')],
        rows: repeats.map((s) => [s.service, s.incidents, s.repeats]),
      }}
    >
      <div ref={ref}>
        {shown.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('noRepeats')}
          </Text>
        ) : (
          <svg
            role="img"
            aria-label={t('chartRepeatsLabel', {
              services: repeats.length,
              repeating: repeats.filter((s) => s.repeats > 0).length,
            })}
            width={WIDTH}
            height={height}
            viewBox={`0 0 ${WIDTH} ${height}`}
            style={{ ...SVG_STYLE, fontSize: 11 }}
          >
            {shown.map((service, index) => {
              const y = index * ROW + 2;
              return (
                <g key={service.service}>
                  <text x={LABEL - 6} y={y + 12} textAnchor="end" fill="#212529">
                    {service.service.length > 18
                      ? `${service.service.slice(0, 17)}…`
                      : service.service}
                  </text>
                  <rect x={LABEL} y={y + 2} width={unit} height={ROW - 6} fill="#a5d8ff" />
                  {service.repeats > 0 && (
                    <rect
                      x={LABEL + unit}
                      y={y + 2}
                      width={unit * service.repeats}
                      height={ROW - 6}
                      fill="#e8590c"
                    />
                  )}
                  <text x={LABEL + unit * service.incidents + 4} y={y + 12} fill="#495057">
                    {service.incidents}
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
