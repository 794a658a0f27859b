import type { ResponderRule } from '../../../domain/playbook.ts';
import { findUserByEmail, findUserById } from '../../../store/users.ts';
import { callSlack, isAccepted } from '../web-client.ts';
import type { IncidentForSlack, SlackDelivery } from './context.ts';

/** conversations.invite takes "a comma separated list of up to 1000 user IDs". */
const INVITE_BATCH = 1000;

/** Errors of conversations.invite that leave nothing to do. */
const HARMLESS_INVITE_ERRORS = ['already_in_channel', 'cant_invite_self', 'user_not_found', 'no_user'];

/**
 * Invites the people concerned: the reporter, the role holders, and the responders the playbook's
 * rules pick for the incident's severity and platforms (users by email, Slack user groups).
 * People without a Slack user id are skipped; people already in the channel are harmless.
 * Returns the Slack ids asked for.
 */
export async function inviteResponders(delivery: SlackDelivery, incident: IncidentForSlack, channelId: string): Promise<string[]> {
  const ids = new Set<string>();
  const { db, workspaceId } = delivery.app;
  const { row, roles } = incident.detail;
  if (row.created_by) {
    const reporter = await findUserById(db, workspaceId, row.created_by);
    if (reporter?.slackUserId) ids.add(reporter.slackUserId);
  }
  for (const holder of roles) if (holder.slackUserId) ids.add(holder.slackUserId);
  for (const rule of incident.playbook.responders.filter((r) => ruleApplies(r, row.severity, row.platforms))) {
    for (const email of rule.users ?? []) {
      const id = await slackIdOfEmail(delivery, email);
      if (id) ids.add(id);
    }
    for (const group of rule.slackUserGroups ?? []) {
      for (const id of await userGroupMembers(delivery, group)) ids.add(id);
    }
  }
  ids.delete(await delivery.botUserId());
  const users = [...ids];
  for (let i = 0; i < users.length; i += INVITE_BATCH) {
    const batch = users.slice(i, i + INVITE_BATCH).join(',');
    await callSlack(
      'conversations.invite',
      () => delivery.client.conversations.invite({ channel: channelId, users: batch, force: true }),
      HARMLESS_INVITE_ERRORS,
    );
  }
  return users;
}

/** A responder rule applies when its severities and platforms (each optional) match. */
export function ruleApplies(rule: ResponderRule, severity: string | null, platforms: readonly string[]): boolean {
  const severityOk = !rule.severities || (severity !== null && rule.severities.includes(severity));
  const platformOk = !rule.platforms || rule.platforms.some((p) => platforms.includes(p));
  return severityOk && platformOk;
}

/** A hikeshi user's Slack id; for an email hikeshi does not know, Slack's users.lookupByEmail. */
async function slackIdOfEmail(delivery: SlackDelivery, email: string): Promise<string | undefined> {
  const user = await findUserByEmail(delivery.app.db, delivery.app.workspaceId, email.trim().toLowerCase());
  if (user) return user.slackUserId ?? undefined;
  const found = await callSlack('users.lookupByEmail', () => delivery.client.users.lookupByEmail({ email }), ['users_not_found']);
  return isAccepted(found) ? undefined : found.user?.id;
}

/** Members of a user group given by id (`S…`) or handle (resolved with usergroups.list). */
async function userGroupMembers(delivery: SlackDelivery, group: string): Promise<string[]> {
  let id: string | undefined = /^S[A-Z0-9]+$/.test(group) ? group : undefined;
  if (!id) {
    const handle = group.replace(/^@/, '');
    const list = await callSlack('usergroups.list', () => delivery.client.usergroups.list({}));
    id = isAccepted(list) ? undefined : list.usergroups?.find((g) => g.handle === handle)?.id;
    if (!id) return [];
  }
  const groupId = id;
  const members = await callSlack('usergroups.users.list', () => delivery.client.usergroups.users.list({ usergroup: groupId }), ['no_such_subteam']);
  return isAccepted(members) ? [] : (members.users ?? []);
}
