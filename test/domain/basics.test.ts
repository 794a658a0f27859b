import { describe, expect, it } from 'vitest';
import { WORKSPACE_ROLES, hasWorkspaceRole, type WorkspaceRole } from '../../src/domain/actor.ts';
import { blocker } from '../../src/domain/blockers.ts';
import { DomainError, ERROR_CODES, isDomainError } from '../../src/domain/errors.ts';
import { INCIDENT_STATUSES, isActive, isFinished } from '../../src/domain/incident.ts';
import { findPlatform, findRole, findSeverity, say } from '../../src/domain/playbook.ts';
import { testPlaybook, text } from '../support/playbook-fixture.ts';

describe('hasWorkspaceRole', () => {
  const GRANTED: Record<WorkspaceRole, WorkspaceRole[]> = {
    viewer: ['viewer'],
    responder: ['viewer', 'responder'],
    admin: ['viewer', 'responder', 'admin'],
  };
  const ROWS = WORKSPACE_ROLES.flatMap((role) =>
    WORKSPACE_ROLES.map((needed) => ({ role, needed, has: GRANTED[role].includes(needed) })),
  );

  it.each(ROWS)('$role needs $needed → $has', ({ role, needed, has }) => {
    expect(hasWorkspaceRole(role, needed)).toBe(has);
  });
});

describe('isActive and isFinished', () => {
  const EXPECTED = {
    triage: { active: true, finished: false },
    responding: { active: true, finished: false },
    monitoring: { active: true, finished: false },
    resolved: { active: false, finished: false },
    postmortem: { active: false, finished: false },
    follow_up: { active: false, finished: false },
    closed: { active: false, finished: true },
    canceled: { active: false, finished: true },
  } as const;

  it.each(INCIDENT_STATUSES.map((status) => ({ status, ...EXPECTED[status] })))(
    '$status: active $active, finished $finished',
    ({ status, active, finished }) => {
      expect({ active: isActive(status), finished: isFinished(status) }).toEqual({
        active,
        finished,
      });
    },
  );
});

describe('playbook look-ups', () => {
  const playbook = testPlaybook();

  it('finds what the playbook has and nothing else', () => {
    expect(findSeverity(playbook, 'SEV3')?.convergenceWatchMinutes).toBe(30);
    expect(findSeverity(playbook, 'SEV4')).toBeUndefined();
    expect(findPlatform(playbook, 'android')).toEqual({
      id: 'android',
      name: { ja: 'Android アプリ', en: 'Android app' },
      canRollback: false,
      isStoreApp: true,
    });
    expect(findPlatform(playbook, 'windows')).toBeUndefined();
    expect(findRole(playbook, 'investigator')?.id).toBe('investigator');
    expect(findRole(playbook, 'scribe')).toBeUndefined();
  });

  it('says a text in each locale', () => {
    expect([say(text('Impact', '影響'), 'en'), say(text('Impact', '影響'), 'ja')]).toEqual([
      'Impact',
      '影響',
    ]);
  });

  it('the fixture follows the seed', () => {
    expect(
      playbook.severities.map((s) => [
        s.id,
        s.statusUpdateEveryMinutes,
        s.convergenceWatchMinutes,
        s.postmortem.required,
        s.postmortem.form,
        s.announceTo,
      ]),
    ).toEqual([
      ['SEV1', 30, 60, true, 'full', ['incidents', 'companyWide']],
      ['SEV2', 60, 60, true, 'full', ['incidents']],
      ['SEV3', 240, 30, true, 'short', ['incidents']],
    ]);
    expect(playbook.platforms.map((p) => [p.id, p.canRollback, p.isStoreApp])).toEqual([
      ['web', true, false],
      ['ios', false, true],
      ['android', false, true],
    ]);
    expect(playbook.roles.map((r) => r.id)).toEqual(['commander', 'investigator']);
    expect(playbook.channels).toEqual({
      triage: 'incidents',
      incidents: 'incidents',
      companyWide: 'general',
    });
  });

  it('the fixture gives each call its own copy', () => {
    const a = testPlaybook();
    a.severities[0]?.announceTo.push('extra');
    expect(testPlaybook().severities[0]?.announceTo).toEqual(['incidents', 'companyWide']);
  });
});

describe('DomainError and blockers', () => {
  it('carries code, params and details', () => {
    const error = new DomainError(
      'role_conflict',
      { role: 'commander', other: 'investigator' },
      { hint: 1 },
    );
    expect({
      name: error.name,
      message: error.message,
      code: error.code,
      params: error.params,
      details: error.details,
      isDomainError: isDomainError(error),
    }).toEqual({
      name: 'DomainError',
      message: 'role_conflict {"role":"commander","other":"investigator"}',
      code: 'role_conflict',
      params: { role: 'commander', other: 'investigator' },
      details: { hint: 1 },
      isDomainError: true,
    });
  });

  it('defaults to no params and no details', () => {
    const error = new DomainError('only_commander');
    expect([error.params, error.details]).toEqual([{}, undefined]);
  });

  it('isDomainError is false for other errors and values', () => {
    expect([
      isDomainError(new Error('x')),
      isDomainError('invalid_transition'),
      isDomainError(null),
    ]).toEqual([false, false, false]);
  });

  it('error codes are unique', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('blocker() builds a blocker with empty params by default', () => {
    expect(blocker('release_required', ['investigator'])).toEqual({
      code: 'release_required',
      params: {},
      who: ['investigator'],
    });
    expect(blocker('actions_open', ['responder'], { count: 2 })).toEqual({
      code: 'actions_open',
      params: { count: 2 },
      who: ['responder'],
    });
  });
});
