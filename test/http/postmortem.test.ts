import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/test-store.ts';
import {
  startTestServer,
  TEST_START,
  type TestServer,
  type TestUser,
} from '../support/test-server.ts';

interface SectionJson {
  key: string;
  title: string;
  prompt: string;
  required: boolean;
  body: string;
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

interface PostmortemJson {
  id: string;
  incidentId: string;
  status: 'draft' | 'published';
  form: 'full' | 'short';
  sections: SectionJson[];
  missingRequired: string[];
  publishedAt: string | null;
  publishedBy: string | null;
}

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** Every section of the default playbook's full form, in order, with its English title. */
const FULL_FORM: [key: string, title: string][] = [
  ['summary', 'Summary'],
  ['impact', 'Impact'],
  ['timeline', 'Timeline'],
  ['root_cause', 'Root cause'],
  ['trigger', 'Trigger'],
  ['detection', 'Detection'],
  ['resolution', 'Resolution'],
  ['prevention', 'Prevention'],
  ['went_well', 'What went well'],
  ['went_badly', 'What went badly'],
  ['where_lucky', 'Where we got lucky'],
  ['lessons_learned', 'Lessons learned'],
];
const REQUIRED_SEV2 = [
  'summary',
  'impact',
  'timeline',
  'root_cause',
  'prevention',
  'went_well',
  'went_badly',
];
const JA_TITLES = [
  '概要',
  '影響範囲',
  'タイムライン',
  '根本原因',
  'トリガー',
  '検知',
  '対応内容',
  '再発防止策',
  'うまくいった点',
  '問題があった点',
  '幸運だった点',
  '教訓',
];

describe.each(testDatabaseKinds())('postmortem API on %s', (kind) => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    t = await startTestServer(kind);
    alice = await t.createUser('responder', { name: 'Alice' });
    bob = await t.createUser('responder', { name: 'Bob' });
    viewer = await t.createUser('viewer', { name: 'Vera' });
  });
  afterAll(async () => t.close());
  beforeEach(() => t.clock.set(TEST_START));

  async function call<T = ErrorJson>(
    token: string,
    method: Method,
    url: string,
    payload?: object,
    lang = 'en',
  ) {
    const response = await t.app.inject({
      method,
      url,
      headers: { ...t.auth(token), 'accept-language': lang },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json<T>() };
  }

  async function move(id: string, status: string) {
    return call<ErrorJson & { status: string }>(
      t.adminToken,
      'POST',
      `/api/v1/incidents/${id}/status`,
      { status },
    );
  }

  /** Declares an incident and drives it through the API to `postmortem` (the admin confirms convergence early). */
  async function incidentInPostmortem(
    options: { severity?: string; isPrivate?: boolean } = {},
  ): Promise<string> {
    const declared = await call<{ id: string; status: string }>(
      alice.token,
      'POST',
      '/api/v1/incidents',
      {
        title: 'Checkout fails on web',
        severity: options.severity ?? 'SEV2',
        platforms: ['web'],
        ...(options.isPrivate ? { isPrivate: true } : {}),
      },
    );
    expect(declared.status).toBe(201);
    const id = declared.body.id;
    expect(
      (
        await call(alice.token, 'POST', `/api/v1/incidents/${id}/releases`, {
          platform: 'web',
          kind: 'fix',
        })
      ).status,
    ).toBe(201);
    t.clock.advance(60_000);
    expect((await move(id, 'monitoring')).status).toBe(200);
    t.clock.advance(60_000);
    expect((await move(id, 'resolved')).status).toBe(200);
    t.clock.advance(60_000);
    expect((await move(id, 'postmortem')).status).toBe(200);
    return id;
  }

  const url = (id: string) => `/api/v1/incidents/${id}/postmortem`;
  const put = (token: string, id: string, sections: object[]) =>
    call<PostmortemJson & ErrorJson>(token, 'PUT', url(id), { sections });

  /** Writes every required section that is still empty. */
  async function fillRequired(id: string) {
    const current = await call<PostmortemJson>(alice.token, 'GET', url(id));
    const sections = current.body.missingRequired.map((key) => ({ key, body: `${key} text` }));
    expect((await put(alice.token, id, sections)).status).toBe(200);
  }

  it('answers 404 until the incident enters postmortem, then opens the playbook sections with the timeline prefilled', async () => {
    const declared = await call<{ id: string }>(alice.token, 'POST', '/api/v1/incidents', {
      title: 'Still burning',
      severity: 'SEV2',
    });
    const early = await call(viewer.token, 'GET', url(declared.body.id));
    expect(early).toEqual({
      status: 404,
      body: {
        error: {
          code: 'not_found',
          message: 'Not found: postmortem.',
          details: { what: 'postmortem' },
        },
      },
    });

    const id = await incidentInPostmortem();
    const draft = await call<PostmortemJson>(viewer.token, 'GET', url(id));
    expect(draft.status).toBe(200);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.form).toBe('full');
    expect(draft.body.incidentId).toBe(id);
    expect(draft.body.publishedAt).toBeNull();
    expect(draft.body.sections.map((s) => [s.key, s.title])).toEqual(FULL_FORM);
    expect(draft.body.sections.filter((s) => s.required).map((s) => s.key)).toEqual(REQUIRED_SEV2);
    expect(draft.body.sections[0]).toEqual({
      key: 'summary',
      title: 'Summary',
      prompt: 'What happened, in two or three sentences',
      required: true,
      body: '',
      revision: 0,
      updatedAt: null,
      updatedBy: null,
    });
    const timeline = draft.body.sections.find((s) => s.key === 'timeline');
    expect(timeline?.body).toBe(
      [
        '- 2025-04-01 09:00 インシデント宣言（SEV2）: Checkout fails on web',
        '- 2025-04-01 09:00 web リリース',
        '- 2025-04-01 09:01 ステータス responding → monitoring',
        '- 2025-04-01 09:02 ステータス monitoring → resolved',
      ].join('\n'),
    );
    expect(
      draft.body.sections.filter((s) => s.key !== 'timeline').every((s) => s.body === ''),
    ).toBe(true);
    expect(draft.body.missingRequired).toEqual(REQUIRED_SEV2.filter((key) => key !== 'timeline'));

    const ja = await call<PostmortemJson>(viewer.token, 'GET', url(id), undefined, 'ja');
    expect(ja.body.sections.map((s) => s.title)).toEqual(JA_TITLES);
    expect(ja.body.sections[0]?.prompt).toBe('何が起きたかを2〜3文でまとめる');
  });

  it('opens the short form for SEV3', async () => {
    const id = await incidentInPostmortem({ severity: 'SEV3' });
    const draft = await call<PostmortemJson>(alice.token, 'GET', url(id));
    expect(draft.body.form).toBe('short');
    expect(draft.body.sections.map((s) => [s.key, s.required])).toEqual([
      ['summary', true],
      ['impact', true],
      ['timeline', true],
      ['root_cause', true],
      ['prevention', true],
    ]);
  });

  it('writes sections, bumping the revision of each changed one, and records it on the timeline', async () => {
    const id = await incidentInPostmortem();
    t.clock.advance(5 * 60_000);
    const saved = await put(alice.token, id, [
      { key: 'summary', body: 'Checkout failed for 20 minutes.' },
      { key: 'impact', body: '' },
    ]);
    expect(saved.status).toBe(200);
    const now = t.clock.now().toISOString();
    expect(saved.body.sections.find((s) => s.key === 'summary')).toEqual({
      key: 'summary',
      title: 'Summary',
      prompt: 'What happened, in two or three sentences',
      required: true,
      body: 'Checkout failed for 20 minutes.',
      revision: 1,
      updatedAt: now,
      updatedBy: alice.user.id,
    });
    // Unchanged text: no new revision.
    expect(saved.body.sections.find((s) => s.key === 'impact')?.revision).toBe(0);
    expect(saved.body.missingRequired).toEqual([
      'impact',
      'root_cause',
      'prevention',
      'went_well',
      'went_badly',
    ]);

    const again = await put(bob.token, id, [
      { key: 'summary', body: 'Checkout failed for 25 minutes.', revision: 1 },
    ]);
    expect(again.status).toBe(200);
    expect(again.body.sections.find((s) => s.key === 'summary')?.revision).toBe(2);
    expect(again.body.sections.find((s) => s.key === 'summary')?.updatedBy).toBe(bob.user.id);

    const timeline = await call<{ items: { type: string; data: Record<string, unknown> }[] }>(
      viewer.token,
      'GET',
      `/api/v1/incidents/${id}/timeline?type=postmortem.section_updated`,
    );
    expect(timeline.body.items.map((e) => e.data['keys'])).toEqual([['summary'], ['summary']]);
  });

  it('refuses unknown keys, oversized bodies and viewers', async () => {
    const id = await incidentInPostmortem();
    const unknown = await put(alice.token, id, [
      { key: 'summary', body: 'ok' },
      { key: 'root_causes', body: 'typo' },
    ]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation_failed');
    expect(unknown.body.error.message).toBe('The input is not valid: sections[1].key.');
    expect(unknown.body.error.details).toEqual([
      {
        field: 'sections[1].key',
        message: 'The input is not valid: sections[1].key.',
        allowed: FULL_FORM.map(([key]) => key),
      },
    ]);

    const oversized = await put(alice.token, id, [{ key: 'summary', body: 'x'.repeat(20_001) }]);
    expect(oversized.status).toBe(400);
    expect(oversized.body.error.code).toBe('validation_failed');
    expect((oversized.body.error.details as { field: string }[]).map((d) => d.field)).toEqual([
      'sections.0.body',
    ]);
    expect(
      (await put(alice.token, id, [{ key: 'summary', body: 'x'.repeat(20_000) }])).status,
    ).toBe(200);

    const forbidden = await put(viewer.token, id, [{ key: 'summary', body: 'viewer text' }]);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');

    const draft = await call<PostmortemJson>(alice.token, 'GET', url(id));
    expect(draft.body.sections.find((s) => s.key === 'summary')?.body).toBe('x'.repeat(20_000));
  });

  it('answers a stale revision with 409 and the newer text, writing nothing of the request', async () => {
    const id = await incidentInPostmortem();
    await put(alice.token, id, [{ key: 'root_cause', body: 'A missing index.' }]);
    const stale = await put(bob.token, id, [
      { key: 'summary', body: 'Bob summary', revision: 0 },
      { key: 'root_cause', body: 'Bob root cause', revision: 0 },
    ]);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.details).toEqual({
      key: 'root_cause',
      currentRevision: 1,
      currentBody: 'A missing index.',
    });

    const draft = await call<PostmortemJson>(alice.token, 'GET', url(id));
    expect(draft.body.sections.find((s) => s.key === 'summary')).toMatchObject({
      body: '',
      revision: 0,
    });
    expect(draft.body.sections.find((s) => s.key === 'root_cause')).toMatchObject({
      body: 'A missing index.',
      revision: 1,
    });
  });

  it('publishes only with every required section written, then lets the incident move to follow_up', async () => {
    const id = await incidentInPostmortem();
    await put(alice.token, id, [{ key: 'summary', body: 'Checkout failed.' }]);
    const refused = await call(alice.token, 'POST', `${url(id)}/publish`);
    expect(refused).toEqual({
      status: 409,
      body: {
        error: {
          code: 'postmortem_sections_missing',
          message:
            'Required sections are still empty: impact, root_cause, prevention, went_well, went_badly.',
          details: { sections: ['impact', 'root_cause', 'prevention', 'went_well', 'went_badly'] },
        },
      },
    });
    const blocked = await move(id, 'follow_up');
    expect(blocked.status).toBe(409);
    expect((blocked.body.error.details as { code: string }[]).map((b) => b.code)).toEqual([
      'postmortem_sections_missing',
      'postmortem_not_published',
    ]);

    await fillRequired(id);
    t.clock.advance(60_000);
    const published = await call<PostmortemJson>(alice.token, 'POST', `${url(id)}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect(published.body.publishedAt).toBe(t.clock.now().toISOString());
    expect(published.body.publishedBy).toBe(alice.user.id);
    expect(published.body.missingRequired).toEqual([]);

    const incident = await call<{ status: string; milestones: Record<string, string | null> }>(
      viewer.token,
      'GET',
      `/api/v1/incidents/${id}`,
    );
    expect(incident.body.status).toBe('postmortem');
    expect(incident.body.milestones['postmortemPublishedAt']).toBe(t.clock.now().toISOString());
    const outbox = await t.store.db
      .selectFrom('outbox')
      .select(['topic', 'payload'])
      .where('incident_id', '=', id)
      .where('topic', '=', 'webhook.deliver')
      .execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.payload).toMatchObject({
      incidentId: id,
      event: 'postmortem.published',
      data: { incident: { id, status: 'postmortem' }, postmortem: { publishedAt: t.clock.now().toISOString() } },
    });

    const twice = await call(alice.token, 'POST', `${url(id)}/publish`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('postmortem_already_published');
    const edit = await put(alice.token, id, [{ key: 'summary', body: 'Too late' }]);
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('postmortem_already_published');

    const followUp = await move(id, 'follow_up');
    expect(followUp.status).toBe(200);
    expect(followUp.body.status).toBe('follow_up');
  });

  it('exports Markdown with every section under its title in the caller’s language', async () => {
    const id = await incidentInPostmortem();
    await put(alice.token, id, [
      { key: 'summary', body: 'Checkout failed.\n' },
      { key: 'root_cause', body: 'A missing **index**.' },
    ]);
    const number = (await call<{ number: number }>(viewer.token, 'GET', `/api/v1/incidents/${id}`))
      .body.number;

    const en = await t.app.inject({
      method: 'GET',
      url: `${url(id)}.md`,
      headers: { ...t.auth(viewer.token), 'accept-language': 'en' },
    });
    expect(en.statusCode).toBe(200);
    expect(en.headers['content-type']).toBe('text/markdown; charset=utf-8');
    const text = en.body;
    expect(text.split('\n').slice(0, 5)).toEqual([
      `# Postmortem: #${number} Checkout fails on web`,
      '',
      '- Severity: SEV2',
      '- Status: Draft',
      '',
    ]);
    expect(text.match(/^## .*$/gm)).toEqual(FULL_FORM.map(([, title]) => `## ${title}`));
    expect(text).toContain('## Summary\n\nCheckout failed.\n\n## Impact\n\n_(not written yet)_\n');
    expect(text).toContain('## Root cause\n\nA missing **index**.\n');

    const ja = await t.app.inject({
      method: 'GET',
      url: `${url(id)}.md`,
      headers: { ...t.auth(viewer.token), 'accept-language': 'ja' },
    });
    expect(ja.body.match(/^## .*$/gm)).toEqual(JA_TITLES.map((title) => `## ${title}`));
  });

  it('hides the postmortem of a private incident from non-members', async () => {
    const id = await incidentInPostmortem({ isPrivate: true });
    expect((await call(alice.token, 'GET', url(id))).status).toBe(200);
    const hidden = await call(viewer.token, 'GET', url(id));
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('incident_not_found');
    expect((await put(bob.token, id, [{ key: 'summary', body: 'x' }])).body.error.code).toBe(
      'incident_not_found',
    );
    const md = await t.app.inject({
      method: 'GET',
      url: `${url(id)}.md`,
      headers: t.auth(viewer.token),
    });
    expect(md.statusCode).toBe(404);
  });
});
