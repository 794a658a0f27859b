import { Group, Text } from '@mantine/core';
import type { Insights } from '../../api/insights-hooks.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ChartCard, Legend, SVG_STYLE, useChartWidth } from './ChartCard.tsx';
import { actionParts, formatShare } from './data.ts';

const MAX_WIDTH = 420;
const COLORS = {
  done: '#2f9e44',
  inProgress: '#4dabf7',
  open: '#adb5bd',
  deferred: '#e9ecef',
} as const;

/** The prevention actions of the period's incidents: one bar split by status, the completion rate and the overdue count. */
export function ActionsChart({ actions }: { actions: Insights['actions'] }) {
  const { t } = useI18n();
  const { ref, width: WIDTH } = useChartWidth(MAX_WIDTH);
  const names = {
    done: t('actionDone'),
    inProgress: t('actionInProgress'),
    open: t('actionOpen'),
    deferred: t('actionDeferred'),
  };
  const parts = actionParts(actions);
  const rate = formatShare(actions.completionRate);
  let x = 0;
  return (
    <ChartCard
      id="actions"
      title={t('chartActions')}
      table={{
        columns: [t('metric'), t('total')],
        rows: [
          [names.done, actions.done],
          [names.inProgress, actions.inProgress],
          [names.open, actions.open],
          [names.deferred, actions.deferred],
          [t('overdueCount'), actions.overdue],
          [t('completionRate'), rate],
        ],
      }}
    >
      <Group gap="xl" mb="xs">
        <Text size="sm">
          {t('completionRate')}: <b data-testid="completion-rate">{rate}</b>
        </Text>
        <Text size="sm" c={actions.overdue > 0 ? 'red' : undefined}>
          {t('overdueCount')}: <b data-testid="overdue-count">{actions.overdue}</b>
        </Text>
      </Group>
      <div ref={ref}>
        {actions.total > 0 && (
          <svg
            role="img"
            aria-label={t('chartActionsLabel', {
              done: actions.done,
              inProgress: actions.inProgress,
              open: actions.open,
              deferred: actions.deferred,
              rate,
              overdue: actions.overdue,
            })}
            width={WIDTH}
            height={22}
            viewBox={`0 0 ${WIDTH} 22`}
            style={{ ...SVG_STYLE, fontSize: 11 }}
          >
            {parts.map((part) => {
              const w = (WIDTH * part.count) / actions.total;
              const start = x;
              x += w;
              return (
                <g key={part.key}>
                  <rect
                    x={start}
                    y={0}
                    width={w}
                    height={22}
                    fill={COLORS[part.key]}
                    stroke="white"
                  >
                    <title>{`${names[part.key]}: ${part.count}`}</title>
                  </rect>
                  {w > 18 && (
                    <text
                      x={start + w / 2}
                      y={15}
                      textAnchor="middle"
                      fill={part.key === 'done' ? 'white' : '#212529'}
                    >
                      {part.count}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
        )}
      </div>
      <Legend
        items={parts.map((part) => ({
          key: part.key,
          label: names[part.key],
          color: COLORS[part.key],
        }))}
      />
    </ChartCard>
  );
}
