import { Badge } from '@mantine/core';
import { useI18n } from '../i18n/i18n.tsx';

const SEVERITY_COLORS: Record<string, string> = { SEV1: 'red', SEV2: 'orange', SEV3: 'yellow' };
const STATUS_COLORS: Record<string, string> = {
  triage: 'gray',
  responding: 'red',
  monitoring: 'orange',
  resolved: 'teal',
  postmortem: 'blue',
  follow_up: 'indigo',
  closed: 'dark',
  canceled: 'gray',
};

export function SeverityBadge({ severity }: { severity: string | null }) {
  const { t } = useI18n();
  return (
    <Badge color={severity ? (SEVERITY_COLORS[severity] ?? 'grape') : 'gray'} variant={severity ? 'filled' : 'outline'}>
      {severity ?? t('noSeverity')}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { statusName } = useI18n();
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" data-testid="status">
      {statusName(status)}
    </Badge>
  );
}
