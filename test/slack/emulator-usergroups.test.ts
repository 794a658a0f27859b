import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callSlack, type Encoding } from '../slack-emulator/client.ts';
import { startSlackEmulator, type SlackEmulator } from '../slack-emulator/index.ts';

/** usergroups.list and usergroups.users.list in the emulator, with Slack's errors and options. */

let emulator: SlackEmulator;
beforeAll(async () => {
  emulator = await startSlackEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
});

describe.each<Encoding>(['form', 'json'])('user groups over %s bodies', (encoding) => {
  const call = async (method: string, args: Record<string, unknown>, token = emulator.botToken) =>
    (await callSlack(emulator.url, method, args, { token, encoding })).body;

  it('lists members of a group; no_such_subteam for unknown and (without include_disabled) disabled groups', async () => {
    const a = emulator.addUser({ name: 'a' });
    const b = emulator.addUser({ name: 'b' });
    const live = emulator.addUserGroup({ handle: 'oncall', users: [a.id, b.id] });
    const old = emulator.addUserGroup({ handle: 'old', users: [a.id], isDisabled: true });
    expect(await call('usergroups.users.list', { usergroup: live.id })).toEqual({ ok: true, users: [a.id, b.id] });
    expect(await call('usergroups.users.list', { usergroup: 'S0NOSUCHGR' })).toEqual({ ok: false, error: 'no_such_subteam' });
    expect(await call('usergroups.users.list', { usergroup: old.id })).toEqual({ ok: false, error: 'no_such_subteam' });
    expect(await call('usergroups.users.list', { usergroup: old.id, include_disabled: true })).toEqual({ ok: true, users: [a.id] });
    expect(await call('usergroups.users.list', {})).toEqual({ ok: false, error: 'invalid_arguments' });
  });

  it('lists groups with users and counts on request, disabled ones only with include_disabled', async () => {
    const a = emulator.addUser({ name: 'a' });
    const live = emulator.addUserGroup({ handle: 'oncall', users: [a.id] });
    const old = emulator.addUserGroup({ handle: 'old', isDisabled: true });
    const plain = await call('usergroups.list', {});
    expect((plain['usergroups'] as { id: string }[]).map((g) => g.id)).toEqual([live.id]);
    expect((plain['usergroups'] as Record<string, unknown>[])[0]).not.toHaveProperty('users');
    const full = await call('usergroups.list', { include_disabled: true, include_users: true, include_count: true });
    expect(full['usergroups']).toEqual([
      expect.objectContaining({ id: live.id, handle: 'oncall', users: [a.id], user_count: '1', date_delete: 0 }),
      expect.objectContaining({ id: old.id, handle: 'old', users: [], user_count: '0', date_delete: 1 }),
    ]);
  });

  it('needs usergroups:read', async () => {
    const token = emulator.addToken({ scopes: ['chat:write'] });
    expect(await call('usergroups.list', {}, token)).toMatchObject({ ok: false, error: 'missing_scope', needed: 'usergroups:read' });
  });
});
