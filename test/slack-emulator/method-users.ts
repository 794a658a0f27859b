import { bool, fail, nonEmpty, ok } from './args.ts';
import type { MethodContext, MethodHandler } from './context.ts';
import { presentUser } from './present.ts';
import type { SlackUser } from './state.ts';

/**
 * auth.test, users.info, users.lookupByEmail and usergroups.users.list, per their pages on
 * docs.slack.dev/reference/methods.
 */

/** auth.test: who the token is, in the bot-token shape (`bot_id` included). */
const authTest: MethodHandler = (ctx) => {
  const user = ctx.state.users.get(ctx.token.userId);
  return ok({
    url: `https://${ctx.state.team.domain}.slack.com/`,
    team: ctx.state.team.name,
    user: user?.name ?? '',
    team_id: ctx.state.team.id,
    user_id: ctx.token.userId,
    bot_id: ctx.token.botId,
    is_enterprise_install: false,
  });
};

function userObject(ctx: MethodContext, user: SlackUser): Record<string, unknown> {
  return presentUser(user, {
    teamId: ctx.state.team.id,
    includeLocale: bool(ctx.args, 'include_locale'),
    includeEmail: ctx.token.scopes.includes('users:read.email'),
  });
}

/** users.info: `user_not_found` for an unknown id; `locale` only with `include_locale`. */
const usersInfo: MethodHandler = (ctx) => {
  const id = nonEmpty(ctx.args, 'user');
  const user = id === undefined ? undefined : ctx.state.users.get(id);
  if (!user) return fail('user_not_found');
  return ok({ user: userObject(ctx, user) });
};

/** users.lookupByEmail: `users_not_found` unless an active user has that address (case-insensitive). */
const lookupByEmail: MethodHandler = (ctx) => {
  const email = nonEmpty(ctx.args, 'email')?.toLowerCase();
  const user = [...ctx.state.users.values()].find(
    (u) => !u.deleted && u.email?.toLowerCase() === email,
  );
  if (email === undefined || !user) return fail('users_not_found');
  return ok({ user: userObject(ctx, user) });
};

/**
 * usergroups.users.list: the member ids; `no_such_subteam` for an unknown group (and for a
 * disabled one unless `include_disabled`); a missing `usergroup` is `invalid_arguments`.
 */
const userGroupUsers: MethodHandler = (ctx) => {
  const id = nonEmpty(ctx.args, 'usergroup');
  if (id === undefined) return fail('invalid_arguments');
  const group = ctx.state.userGroups.get(id);
  if (!group || (group.isDisabled && !bool(ctx.args, 'include_disabled'))) return fail('no_such_subteam');
  return ok({ users: [...group.users] });
};

/**
 * usergroups.list: every group of the team (disabled ones only with `include_disabled`), with
 * `users` when `include_users` and `user_count` when `include_count`.
 */
const userGroupList: MethodHandler = (ctx) => {
  const withDisabled = bool(ctx.args, 'include_disabled');
  const groups = [...ctx.state.userGroups.values()].filter((g) => withDisabled || !g.isDisabled);
  return ok({
    usergroups: groups.map((g) => ({
      id: g.id,
      team_id: ctx.state.team.id,
      is_usergroup: true,
      name: g.name,
      handle: g.handle,
      date_delete: g.isDisabled ? 1 : 0,
      ...(bool(ctx.args, 'include_users') ? { users: [...g.users] } : {}),
      ...(bool(ctx.args, 'include_count') ? { user_count: String(g.users.length) } : {}),
    })),
  });
};

export const userMethods: Readonly<Record<string, MethodHandler>> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'users.lookupByEmail': lookupByEmail,
  'usergroups.users.list': userGroupUsers,
  'usergroups.list': userGroupList,
};
