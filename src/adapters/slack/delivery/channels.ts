import { PermanentError } from '../../../jobs/errors.ts';
import { callSlack, isAccepted } from '../web-client.ts';
import type { SlackDelivery } from './context.ts';

/** A conversation as conversations.list / create answer it (the fields hikeshi reads). */
export interface SlackConversation {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  isMember: boolean;
  creator: string | undefined;
}

const PAGE_SIZE = 1000;
/** Stop listing after this many pages (200k channels): a workspace larger than that is not expected. */
const MAX_PAGES = 200;

function toConversation(raw: {
  id?: string;
  name?: string;
  is_private?: boolean;
  is_archived?: boolean;
  is_member?: boolean;
  creator?: string;
}): SlackConversation | undefined {
  if (!raw.id || raw.name === undefined) return undefined;
  return {
    id: raw.id,
    name: raw.name,
    isPrivate: raw.is_private === true,
    isArchived: raw.is_archived === true,
    isMember: raw.is_member === true,
    creator: raw.creator,
  };
}

/**
 * Finds a channel by exact name with conversations.list (Slack has no lookup by name). Private
 * channels are listed only where the bot is a member, as Slack does for bot tokens.
 */
export async function findChannelByName(
  delivery: SlackDelivery,
  name: string,
  options: { types: string; includeArchived?: boolean },
): Promise<SlackConversation | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await callSlack('conversations.list', () =>
      delivery.client.conversations.list({
        types: options.types,
        exclude_archived: options.includeArchived !== true,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      }),
    );
    if (isAccepted(result)) return undefined;
    for (const raw of result.channels ?? []) {
      if (raw.name === name) return toConversation(raw);
    }
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

/**
 * The id of a named channel the bot can post in (the playbook's `incidents`, `general`…): found by
 * name, joined when public and the bot is not in it, created when missing (DESIGN §4 "Default
 * Slack targets"). Cached per process.
 */
export async function namedChannelId(delivery: SlackDelivery, name: string): Promise<string> {
  const cached = delivery.namedChannels.get(name);
  if (cached) return cached;
  // One lookup per name at a time in this process: parallel deliveries share it.
  let pending = inFlight.get(delivery)?.get(name);
  if (!pending) {
    pending = findOrCreate(delivery, name.replace(/^#/, '')).finally(() => inFlight.get(delivery)?.delete(name));
    const map = inFlight.get(delivery) ?? new Map<string, Promise<string>>();
    map.set(name, pending);
    inFlight.set(delivery, map);
  }
  const id = await pending;
  delivery.namedChannels.set(name, id);
  return id;
}

const inFlight = new WeakMap<SlackDelivery, Map<string, Promise<string>>>();

async function findOrCreate(delivery: SlackDelivery, name: string): Promise<string> {
  const types = 'public_channel,private_channel';
  let channel = await findChannelByName(delivery, name, { types });
  if (!channel) {
    const created = await callSlack('conversations.create', () => delivery.client.conversations.create({ name }), ['name_taken']);
    if (isAccepted(created)) {
      // Another process made it meanwhile, or it is one the bot cannot use.
      channel = await findChannelByName(delivery, name, { types });
      if (!channel) {
        throw new PermanentError(
          `conversations.create: name_taken for #${name}, but no open channel of that name is visible to the bot (archived, or private without the bot: invite it)`,
        );
      }
    } else {
      channel = created.channel ? toConversation(created.channel) : undefined;
      if (!channel) throw new Error('conversations.create answered without a channel');
      return channel.id;
    }
  }
  if (!channel.isMember && !channel.isPrivate) {
    const id = channel.id;
    await callSlack('conversations.join', () => delivery.client.conversations.join({ channel: id }));
  }
  return channel.id;
}

/** A channel given as an id (`C…`, `G…`, `D…`, or a user id for a DM) or a name. */
export async function resolveChannel(delivery: SlackDelivery, channel: string): Promise<string> {
  if (/^[CGDU][A-Z0-9]{6,}$/.test(channel)) return channel;
  return namedChannelId(delivery, channel);
}
