import { describe, expect, it } from 'vitest';
import {
  checkCanDecide,
  checkCanProposeOptions,
  type DecisionOption,
} from '../../src/domain/decisions.ts';
import { INCIDENT_STATUSES } from '../../src/domain/incident.ts';
import { expectDomainError } from '../support/domain-error.ts';
import {
  ADMIN,
  COMMANDER,
  INVESTIGATOR,
  RESPONDER,
  VIEWER,
  snapshot,
} from '../support/playbook-fixture.ts';

const incident = snapshot({
  roles: { commander: COMMANDER.userId, investigator: INVESTIGATOR.userId },
});
const OPTIONS: DecisionOption[] = [
  { key: 'rollback', title: 'Roll back the web release' },
  { key: 'hotfix', title: 'Ship a hotfix', description: 'About two hours' },
  { key: 'flag', title: 'Turn the feature flag off' },
];
const PROPOSED: ReadonlySet<string> = new Set(OPTIONS.map((o) => o.key));

describe('checkCanProposeOptions', () => {
  it.each([
    { name: 'the investigator', by: INVESTIGATOR },
    { name: 'an admin', by: ADMIN },
  ])('$name may propose', ({ by }) => {
    expect(checkCanProposeOptions(incident, by, OPTIONS)).toBeUndefined();
  });

  it.each([
    { name: 'the commander', by: COMMANDER },
    { name: 'a responder', by: RESPONDER },
    { name: 'a viewer', by: VIEWER },
  ])('$name may not: only_investigator', ({ by }) => {
    expectDomainError(() => checkCanProposeOptions(incident, by, OPTIONS), 'only_investigator', {});
  });

  it('refuses two options with one key', () => {
    const options = [...OPTIONS, { key: 'hotfix', title: 'Another hotfix' }];
    expectDomainError(
      () => checkCanProposeOptions(incident, INVESTIGATOR, options),
      'validation_failed',
      {
        field: 'options',
        reason: 'duplicate_key',
      },
    );
  });

  it.each(INCIDENT_STATUSES.map((status) => ({ status })))('in $status', ({ status }) => {
    const at = { ...incident, status };
    if (status === 'closed' || status === 'canceled') {
      expectDomainError(
        () => checkCanProposeOptions(at, INVESTIGATOR, OPTIONS),
        'incident_finished',
        { status },
      );
    } else {
      expect(checkCanProposeOptions(at, INVESTIGATOR, OPTIONS)).toBeUndefined();
    }
  });
});

describe('checkCanDecide', () => {
  it.each([
    { name: 'the commander, an option', by: COMMANDER, choice: { optionKey: 'rollback' } },
    { name: 'the commander, no option (a free decision)', by: COMMANDER, choice: {} },
    { name: 'an admin, an option', by: ADMIN, choice: { optionKey: 'flag' } },
  ])('$name', ({ by, choice }) => {
    expect(checkCanDecide(incident, by, choice, PROPOSED)).toBeUndefined();
  });

  it.each([
    { name: 'the investigator', by: INVESTIGATOR },
    { name: 'a responder', by: RESPONDER },
    { name: 'a viewer', by: VIEWER },
  ])('$name may not: only_commander', ({ by }) => {
    expectDomainError(
      () => checkCanDecide(incident, by, { optionKey: 'rollback' }, PROPOSED),
      'only_commander',
      {},
    );
  });

  it('refuses an option that was not proposed', () => {
    expectDomainError(
      () => checkCanDecide(incident, COMMANDER, { optionKey: 'pray' }, PROPOSED),
      'validation_failed',
      { field: 'optionKey', reason: 'not_proposed' },
    );
  });

  it.each(INCIDENT_STATUSES.map((status) => ({ status })))('in $status', ({ status }) => {
    const at = { ...incident, status };
    if (status === 'closed' || status === 'canceled') {
      expectDomainError(() => checkCanDecide(at, COMMANDER, {}, PROPOSED), 'incident_finished', {
        status,
      });
    } else {
      expect(checkCanDecide(at, COMMANDER, {}, PROPOSED)).toBeUndefined();
    }
  });
});
