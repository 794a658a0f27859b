import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES } from '../../src/domain/incident.ts';
import { checkSeverityChange, isEscalation, requireSeverity } from '../../src/domain/severity.ts';
import { expectDomainError } from '../support/domain-error.ts';
import { snapshot, testPlaybook } from '../support/playbook-fixture.ts';

const playbook = testPlaybook();

describe('requireSeverity', () => {
  it.each([
    { id: 'SEV1', statusUpdate: 30, watch: 60, form: 'full' },
    { id: 'SEV2', statusUpdate: 60, watch: 60, form: 'full' },
    { id: 'SEV3', statusUpdate: 240, watch: 30, form: 'short' },
  ])('$id: status update every $statusUpdate min, watch $watch min, $form postmortem', (row) => {
    const policy = requireSeverity(playbook, row.id);
    expect({
      id: policy.id,
      statusUpdate: policy.statusUpdateEveryMinutes,
      watch: policy.convergenceWatchMinutes,
      form: policy.postmortem.form,
      required: policy.postmortem.required,
    }).toEqual({ ...row, required: true });
  });

  it.each(['SEV4', 'sev1', ''])('refuses %j: unknown_severity', (id) => {
    expectDomainError(() => requireSeverity(playbook, id), 'unknown_severity', {
      severity: id,
      allowed: 'SEV1, SEV2, SEV3',
    });
  });
});

describe('checkSeverityChange', () => {
  const ACTIVE = ['triage', 'responding', 'monitoring'];

  it.each(INCIDENT_STATUSES.map((status) => ({ status, isActive: ACTIVE.includes(status) })))(
    'SEV2 → SEV1 in $status (active: $isActive)',
    ({ status, isActive }) => {
      const incident = snapshot({ status, severity: 'SEV2' });
      if (isActive) {
        expect(checkSeverityChange(incident, 'SEV1', playbook).id).toBe('SEV1');
      } else {
        expectDomainError(
          () => checkSeverityChange(incident, 'SEV1', playbook),
          'severity_locked',
          { status },
        );
      }
    },
  );

  it('sets a first severity in triage', () => {
    const incident = snapshot({ status: 'triage', severity: null });
    expect(checkSeverityChange(incident, 'SEV3', playbook).id).toBe('SEV3');
  });

  it('refuses the same severity: severity_unchanged', () => {
    expectDomainError(
      () => checkSeverityChange(snapshot({ severity: 'SEV2' }), 'SEV2', playbook),
      'severity_unchanged',
      {
        severity: 'SEV2',
      },
    );
  });

  it('names an unknown severity before a locked status', () => {
    expectDomainError(
      () => checkSeverityChange(snapshot({ status: 'closed' }), 'SEV9', playbook),
      'unknown_severity',
      { severity: 'SEV9', allowed: 'SEV1, SEV2, SEV3' },
    );
  });
});

describe('isEscalation', () => {
  it.each([
    { from: null, to: 'SEV3', escalates: true },
    { from: null, to: 'SEV1', escalates: true },
    { from: 'SEV2', to: 'SEV1', escalates: true },
    { from: 'SEV3', to: 'SEV1', escalates: true },
    { from: 'SEV3', to: 'SEV2', escalates: true },
    { from: 'SEV1', to: 'SEV2', escalates: false },
    { from: 'SEV2', to: 'SEV3', escalates: false },
    { from: 'SEV2', to: 'SEV2', escalates: false },
  ])('$from → $to: $escalates', ({ from, to, escalates }) => {
    expect(isEscalation(playbook, from, to)).toBe(escalates);
  });
});
