import type { Bucket, Insights } from '../../api/insights-hooks.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ChartCard, Legend, severityFill, useChartWidth } from './ChartCard.tsx';
import { bucketLabel, stackBySeverity } from './data.ts';

const HEIGHT = 160;
const LEFT = 28;
const BOTTOM = 22;
/** At most this wide (bars at most 36 px), or as wide as the card if narrower. */
const MAX_WIDTH = LEFT + 640 + 8;

/** Incident counts per day/week/month, stacked by peak severity (most severe at the bottom). */
export function OverTimeChart({
  insights,
  severityOrder,
  severityName,
}: {
  insights: Insights;
  severityOrder: string[];
  severityName: (id: string) => string;
}) {
  const { t } = useI18n();
  const { ref, width: room } = useChartWidth(MAX_WIDTH);
  const { bars, severities, max } = stackBySeverity(insights, severityOrder);
  const bucket: Bucket = insights.period.bucket;
  const bucketName = t(
    bucket === 'day' ? 'bucketDay' : bucket === 'week' ? 'bucketWeek' : 'bucketMonth',
  );
  const step = Math.max(6, Math.min(36, (room - LEFT - 8) / Math.max(1, bars.length)));
  const width = LEFT + step * bars.length + 8;
  const plot = HEIGHT - BOTTOM - 8;
  const scale = (n: number) => (max === 0 ? 0 : (n / max) * plot);
  const labelEvery = Math.ceil(bars.length / Math.max(1, Math.floor((width - LEFT) / 70)));
  const total = bars.reduce((sum, b) => sum + b.total, 0);
  return (
    <ChartCard
      id="over-time"
      title={t('chartOverTime')}
      table={{
        columns: [t('periodStart'), ...severities.map(severityName), t('total')],
        rows: bars
          .filter((b) => b.total > 0)
          .map((b) => [
            bucketLabel(b.bucket, bucket),
            ...severities.map((s) => b.segments.find((x) => x.severity === s)?.count ?? 0),
            b.total,
          ]),
      }}
    >
      {/* Bars are at least 6 px: a long period by day may not fit a phone, and then scrolls in its card. */}
      <div ref={ref} className="table-scroll">
        <svg
          role="img"
          aria-label={t('chartOverTimeLabel', {
            bucket: bucketName,
            total,
            buckets: bars.length,
            max,
          })}
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          style={{ display: 'block', fontSize: 10 }}
        >
          {[max, Math.round(max / 2)]
            .filter((v, i, all) => v > 0 && all.indexOf(v) === i)
            .map((v) => (
              <g key={v}>
                <line
                  x1={LEFT}
                  x2={width}
                  y1={8 + plot - scale(v)}
                  y2={8 + plot - scale(v)}
                  stroke="#dee2e6"
                />
                <text x={LEFT - 4} y={8 + plot - scale(v) + 3} textAnchor="end" fill="#868e96">
                  {v}
                </text>
              </g>
            ))}
          <line x1={LEFT} x2={width} y1={8 + plot} y2={8 + plot} stroke="#adb5bd" />
          {bars.map((bar, index) => {
            const x = LEFT + index * step + 1;
            return (
              <g key={bar.bucket}>
                {bar.segments.map((segment) => (
                  <rect
                    key={segment.severity}
                    x={x}
                    width={Math.max(2, step - 2)}
                    y={8 + plot - scale(segment.offset + segment.count)}
                    height={scale(segment.count)}
                    fill={severityFill(segment.severity)}
                  >
                    <title>{`${bucketLabel(bar.bucket, bucket)} ${severityName(segment.severity)}: ${segment.count}`}</title>
                  </rect>
                ))}
                {index % labelEvery === 0 && (
                  <text x={x} y={HEIGHT - 6} fill="#868e96">
                    {bucketLabel(bar.bucket, bucket).slice(bucket === 'month' ? 0 : 5)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <Legend
        items={severities.map((s) => ({ key: s, label: severityName(s), color: severityFill(s) }))}
      />
    </ChartCard>
  );
}
