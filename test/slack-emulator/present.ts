import type {
  SlackBookmark,
  SlackChannel,
  SlackMessage,
  SlackUser,
  SlackView,
  WorkspaceState,
} from './state.ts';

/**
 * Objects in the shapes Slack answers with: the conversation object, the user object, message,
 * bookmark and view objects, following the examples on the method pages of docs.slack.dev.
 */

export interface ChannelOptions {
  viewer: string;
  includeNumMembers?: boolean;
  includeLocale?: boolean;
}

/** A conversation object as seen by `viewer` (`is_member` is the viewer's membership). */
export function presentChannel(
  channel: SlackChannel,
  options: ChannelOptions,
): Record<string, unknown> {
  if (channel.kind === 'im') return presentIm(channel);
  return {
    id: channel.id,
    name: channel.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: channel.kind === 'private',
    created: channel.created,
    is_archived: channel.isArchived,
    is_general: channel.isGeneral,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    creator: channel.creator,
    is_ext_shared: false,
    is_member: channel.members.has(options.viewer),
    topic: { ...channel.topic },
    purpose: { ...channel.purpose },
    previous_names: [...channel.previousNames],
    ...(options.includeNumMembers ? { num_members: channel.members.size } : {}),
    ...(options.includeLocale ? { locale: 'en-US' } : {}),
  };
}

function presentIm(channel: SlackChannel): Record<string, unknown> {
  return {
    id: channel.id,
    created: channel.created,
    is_archived: false,
    is_im: true,
    is_org_shared: false,
    user: channel.imUser,
    is_user_deleted: false,
    priority: 0,
  };
}

export interface UserOptions {
  teamId: string;
  includeLocale: boolean;
  /** Slack shows `profile.email` only to tokens with `users:read.email`. */
  includeEmail: boolean;
}

/** A user object. */
export function presentUser(user: SlackUser, options: UserOptions): Record<string, unknown> {
  const zone = timeZone(user.tz);
  return {
    id: user.id,
    team_id: options.teamId,
    name: user.name,
    deleted: user.deleted,
    color: '9f69e7',
    real_name: user.realName,
    tz: user.tz,
    tz_label: zone.label,
    tz_offset: zone.offset,
    profile: {
      real_name: user.realName,
      display_name: user.name,
      ...(options.includeEmail && user.email !== null ? { email: user.email } : {}),
      team: options.teamId,
    },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.isBot,
    is_app_user: false,
    updated: user.updated,
    is_email_confirmed: user.email !== null,
    ...(options.includeLocale ? { locale: user.locale } : {}),
  };
}

function timeZone(tz: string): { label: string; offset: number } {
  const at = new Date();
  const part = (style: 'long' | 'longOffset'): string =>
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part('longOffset'));
  const offset = match
    ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60)
    : 0;
  return { label: part('long'), offset };
}

/** A message object as chat.postMessage and chat.update return it. */
export function presentMessage(
  state: WorkspaceState,
  message: SlackMessage,
  options: { withMetadata?: boolean } = {},
): Record<string, unknown> {
  const fromBot = message.botId !== null;
  return {
    user: message.user,
    type: 'message',
    ts: message.ts,
    ...(fromBot ? { bot_id: message.botId, app_id: state.bot.appId } : {}),
    text: message.text,
    team: state.team.id,
    ...(fromBot ? { bot_profile: botProfile(state) } : {}),
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.attachments ? { attachments: message.attachments } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.edited ? { edited: { ...message.edited } } : {}),
    ...(message.reactions.size > 0 ? { reactions: presentReactions(message) } : {}),
    ...(options.withMetadata && message.metadata ? { metadata: { ...message.metadata } } : {}),
  };
}

function botProfile(state: WorkspaceState): Record<string, unknown> {
  return {
    id: state.bot.botId,
    app_id: state.bot.appId,
    name: state.bot.name,
    icons: {},
    deleted: false,
    team_id: state.team.id,
  };
}

function presentReactions(message: SlackMessage): Array<Record<string, unknown>> {
  return [...message.reactions].map(([name, users]) => ({
    name,
    users: [...users],
    count: users.length,
  }));
}

/** A bookmark object. */
export function presentBookmark(
  state: WorkspaceState,
  channelId: string,
  bookmark: SlackBookmark,
): Record<string, unknown> {
  return {
    id: bookmark.id,
    channel_id: channelId,
    title: bookmark.title,
    link: bookmark.link,
    emoji: bookmark.emoji,
    icon_url: null,
    type: 'link',
    entity_id: null,
    date_created: bookmark.dateCreated,
    date_updated: 0,
    rank: bookmark.rank,
    last_updated_by_user_id: bookmark.createdBy,
    last_updated_by_team_id: state.team.id,
    shortcut_id: null,
    app_id: state.bot.appId,
  };
}

/** A view object as views.open, views.update and views.publish return it. */
export function presentView(state: WorkspaceState, view: SlackView): Record<string, unknown> {
  const definition = view.definition;
  return {
    id: view.id,
    team_id: state.team.id,
    type: view.type,
    blocks: definition.blocks ?? [],
    private_metadata: definition.private_metadata ?? '',
    callback_id: definition.callback_id ?? '',
    state: { values: {} },
    hash: view.hash,
    ...(view.type === 'modal'
      ? {
          title: definition.title,
          clear_on_close: definition.clear_on_close === true,
          notify_on_close: definition.notify_on_close === true,
          close: definition.close ?? null,
          submit: definition.submit ?? null,
        }
      : {}),
    previous_view_id: null,
    root_view_id: view.id,
    app_id: state.bot.appId,
    external_id: view.externalId,
    app_installed_team_id: state.team.id,
    bot_id: state.bot.botId,
  };
}
