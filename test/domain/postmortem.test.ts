import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES } from '../../src/domain/incident.ts';
import {
  checkPostmortemEditable,
  checkPublish,
  missingRequiredSections,
  sectionsFor,
} from '../../src/domain/postmortem.ts';
import { expectDomainError } from '../support/domain-error.ts';
import { testPlaybook } from '../support/playbook-fixture.ts';

const playbook = testPlaybook();

describe('sectionsFor', () => {
  it.each([
    {
      severity: 'SEV1',
      form: 'full',
      sections: [
        ['impact', true],
        ['timeline', true],
        ['root_cause', true],
        ['prevention', true],
        ['response_review', true],
      ],
    },
    {
      severity: 'SEV2',
      form: 'full',
      sections: [
        ['impact', true],
        ['timeline', true],
        ['root_cause', true],
        ['prevention', true],
        ['response_review', false],
      ],
    },
    {
      severity: 'SEV3',
      form: 'short',
      sections: [
        ['impact', true],
        ['root_cause', true],
        ['prevention', true],
      ],
    },
    {
      severity: null,
      form: 'full',
      sections: [
        ['impact', false],
        ['timeline', false],
        ['root_cause', false],
        ['prevention', false],
        ['response_review', false],
      ],
    },
    {
      severity: 'SEV9',
      form: 'full',
      sections: [
        ['impact', false],
        ['timeline', false],
        ['root_cause', false],
        ['prevention', false],
        ['response_review', false],
      ],
    },
  ])('$severity → $form form', ({ severity, form, sections }) => {
    const result = sectionsFor(playbook, severity);
    expect({
      form: result.form,
      sections: result.sections.map((s) => [s.key, s.isRequired]),
      positions: result.sections.map((s) => s.position),
      bodies: result.sections.map((s) => s.body),
    }).toEqual({
      form,
      sections,
      positions: sections.map((_, i) => i),
      bodies: sections.map(() => ''),
    });
  });

  it('carries the section definition', () => {
    const [first] = sectionsFor(playbook, 'SEV3').sections;
    expect(first).toEqual({
      key: 'impact',
      position: 0,
      definition: playbook.postmortem.sections[0],
      isRequired: true,
      body: '',
    });
  });
});

describe('missingRequiredSections', () => {
  it.each([
    {
      name: 'all empty',
      sections: [
        { key: 'a', isRequired: true, body: '' },
        { key: 'b', isRequired: false, body: '' },
        { key: 'c', isRequired: true, body: '' },
      ],
      missing: ['a', 'c'],
    },
    {
      name: 'whitespace counts as empty',
      sections: [
        { key: 'a', isRequired: true, body: ' \n\t' },
        { key: 'c', isRequired: true, body: 'Written' },
      ],
      missing: ['a'],
    },
    {
      name: 'all written',
      sections: [
        { key: 'a', isRequired: true, body: 'x' },
        { key: 'b', isRequired: false, body: '' },
      ],
      missing: [],
    },
    { name: 'no sections', sections: [], missing: [] },
  ])('$name → $missing', ({ sections, missing }) => {
    expect(missingRequiredSections(sections)).toEqual(missing);
  });
});

describe('checkPostmortemEditable', () => {
  it.each(INCIDENT_STATUSES.map((status) => ({ status })))('a draft in $status', ({ status }) => {
    if (status === 'postmortem') {
      expect(checkPostmortemEditable(status, 'draft')).toBeUndefined();
    } else {
      expectDomainError(() => checkPostmortemEditable(status, 'draft'), 'postmortem_not_open', {
        status,
      });
    }
  });

  it.each(INCIDENT_STATUSES.map((status) => ({ status })))(
    'a published one in $status',
    ({ status }) => {
      expectDomainError(
        () => checkPostmortemEditable(status, 'published'),
        'postmortem_already_published',
        {},
      );
    },
  );
});

describe('checkPublish', () => {
  it('publishes a complete draft in the postmortem stage', () => {
    expect(checkPublish('postmortem', 'draft', [])).toBeUndefined();
  });

  it('refuses with required sections missing, naming them', () => {
    expectDomainError(
      () => checkPublish('postmortem', 'draft', ['timeline', 'root_cause']),
      'postmortem_sections_missing',
      { sections: 'timeline, root_cause' },
      { sections: ['timeline', 'root_cause'] },
    );
  });

  it('refuses twice', () => {
    expectDomainError(
      () => checkPublish('postmortem', 'published', []),
      'postmortem_already_published',
      {},
    );
  });

  it.each(['resolved', 'follow_up'] as const)(
    'refuses outside the postmortem stage: %s',
    (status) => {
      expectDomainError(() => checkPublish(status, 'draft', []), 'postmortem_not_open', { status });
    },
  );
});
