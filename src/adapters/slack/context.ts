import type { WebClient } from '@slack/web-api';
import { runQuery, runUseCase, type AppDeps } from '../../app/context.ts';
import { findSlackUser, provisionSlackUser } from '../../app/slack/slack-users.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Blocker } from '../../domain/blockers.ts';
import { isDomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/playbook.ts';
import { translate, translateBlocker, translateReason } from '../../i18n/index.ts';
import type { User } from '../../store/users.ts';
import { localeFromSlack } from '../../i18n/slack-messages.ts';

/** What the Slack listeners need. */
export interface SlackDeps {
  app: AppDeps;
  /** Base of links to the web app. */
  publicUrl: string;
  /** Role of a Slack user seen for the first time. */
  newUserRole: 'viewer' | 'responder';
  log: { warn(message: string, error?: unknown): void };
}

/** The actor user provisioning runs as: Slack itself, allowed to add people. */
const slackSystemActor: Actor = { userId: 'system:slack', role: 'admin' };

/** A Slack user as hikeshi knows them. */
export interface Someone {
  slackUserId: string;
  user: User;
  actor: Actor;
  locale: Locale;
}

function defaultLocale(deps: SlackDeps): Locale {
  return deps.app.playbooks.current().playbook.workspace.defaultLocale;
}

/** The locale to answer a Slack user in without asking Slack (their stored one, else the workspace's). */
export async function quickLocale(deps: SlackDeps, slackUserId: string): Promise<Locale> {
  const user = await runQuery(deps.app, slackSystemActor, findSlackUser, { slackUserId });
  return user?.locale ?? defaultLocale(deps);
}

interface SlackUserInfo {
  real_name?: string;
  name?: string;
  locale?: string;
  profile?: { email?: string; real_name?: string; display_name?: string };
}

/**
 * The hikeshi user behind a Slack user id: the linked one, or one provisioned from users.info
 * (name, email, locale) with the configured role. Inactive users act as viewers.
 */
export async function whoIs(deps: SlackDeps, client: WebClient, slackUserId: string): Promise<Someone> {
  let user = await runQuery(deps.app, slackSystemActor, findSlackUser, { slackUserId });
  if (!user) {
    const info = await client.users.info({ user: slackUserId, include_locale: true });
    const profile = (info.user ?? {}) as SlackUserInfo;
    const input = {
      slackUserId,
      name: profile.real_name || profile.profile?.real_name || profile.profile?.display_name || profile.name || slackUserId,
      email: profile.profile?.email,
      locale: localeFromSlack(profile.locale),
      role: deps.newUserRole,
    };
    try {
      user = await runUseCase(deps.app, slackSystemActor, provisionSlackUser, input);
    } catch (error) {
      // Two first requests of one person at once: the other made the user.
      user = await runQuery(deps.app, slackSystemActor, findSlackUser, { slackUserId });
      if (!user) throw error;
    }
  }
  const role = user.isActive ? user.role : 'viewer';
  return { slackUserId, user, actor: { userId: user.id, role }, locale: user.locale ?? defaultLocale(deps) };
}

/** An error as the user should read it: the guard's message (and each blocker) in their language. */
export function errorText(locale: Locale, error: unknown): string {
  if (!isDomainError(error)) return translate(locale, 'internal');
  let text = translate(locale, error.code, error.params);
  if (error.code === 'transition_blocked' && Array.isArray(error.details)) {
    text += `\n${(error.details as Blocker[]).map((b) => `• ${translateBlocker(locale, b)}`).join('\n')}`;
  }
  if (error.code === 'validation_failed' && typeof error.params.reason === 'string') {
    text += ` ${translateReason(locale, error.params.reason)}`;
  }
  return text;
}

/** Where an answer goes: ephemerally in a channel, else (no channel, or not reachable) by DM. */
export interface ReplyTo {
  user: string;
  channel?: string | undefined;
}

/** Answers one person only: an ephemeral message where they are, or a DM from the bot. */
export async function replyTo(client: WebClient, to: ReplyTo, text: string): Promise<void> {
  if (to.channel) {
    try {
      await client.chat.postEphemeral({ channel: to.channel, user: to.user, text });
      return;
    } catch {
      // e.g. a channel the bot is not in: fall back to a DM
    }
  }
  await client.chat.postMessage({ channel: to.user, text });
}

/**
 * Runs a step for a Slack user after the ack: resolves who they are, runs `step`, answers with
 * its message, or with the refusal in their language. Nothing escapes: a failed answer is logged.
 */
export async function act(
  deps: SlackDeps,
  client: WebClient,
  to: ReplyTo,
  step: (who: Someone) => Promise<string | null>,
): Promise<void> {
  let locale: Locale = defaultLocale(deps);
  try {
    const who = await whoIs(deps, client, to.user);
    locale = who.locale;
    const message = await step(who);
    if (message) await replyTo(client, to, message);
  } catch (error) {
    if (!isDomainError(error)) deps.log.warn('slack step failed', error);
    try {
      await replyTo(client, to, errorText(locale, error));
    } catch (replyError) {
      deps.log.warn('slack reply failed', replyError);
    }
  }
}
