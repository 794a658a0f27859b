import { INCIDENT_FLOW, type IncidentStatus } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The seed's flow as a row of steps, the current one marked (aria-current="step"). */
export function FlowDiagram({ status }: { status: IncidentStatus }) {
  const { t, statusName } = useI18n();
  const current = INCIDENT_FLOW.indexOf(status as (typeof INCIDENT_FLOW)[number]);
  return (
    <ol className="flow" aria-label={t('flow')} data-testid="flow">
      {INCIDENT_FLOW.map((step, index) => (
        <li key={step}>
          <span
            className={`step${index === current ? ' current' : index < current ? ' done' : ''}`}
            aria-current={index === current ? 'step' : undefined}
            title={index === current ? t('currentStep') : undefined}
          >
            {index < current ? '✓ ' : ''}
            {statusName(step)}
          </span>
          {index < INCIDENT_FLOW.length - 1 && (
            <span className="arrow" aria-hidden="true">
              →
            </span>
          )}
        </li>
      ))}
      {status === 'canceled' && (
        <li>
          <span className="step current" aria-current="step">
            {statusName('canceled')}
          </span>
        </li>
      )}
    </ol>
  );
}
