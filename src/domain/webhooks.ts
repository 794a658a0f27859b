import { DomainError } from './errors.ts';

/** Outbound webhooks: which targets get an event, and what a target's URL may be. */

/** Events hikeshi sends. */
export const WEBHOOK_EVENTS = ['postmortem.published', 'action.created'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookTarget {
  /** `playbook:<name>` for targets of the playbook file, `api:<uuid>` for those of the admin API. */
  id: string;
  name: string;
  url: string;
  events: readonly string[];
  secretEnv: string;
}

/** Whether a target subscribed to an event (`*` is every event). */
export function wantsEvent(target: Pick<WebhookTarget, 'events'>, event: string): boolean {
  return target.events.includes('*') || target.events.includes(event);
}

/**
 * A target URL: absolute http or https, no credentials in it (secrets go in the signature).
 * Redirects are never followed when delivering, so a target cannot bounce hikeshi elsewhere.
 */
export function checkWebhookUrl(text: string, field = 'url'): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DomainError('validation_failed', { field, reason: 'not_a_url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DomainError('validation_failed', { field, reason: 'http_or_https_only' });
  }
  if (url.username !== '' || url.password !== '') {
    throw new DomainError('validation_failed', { field, reason: 'no_credentials_in_url' });
  }
  return url.toString();
}

/** An environment variable name (the secret itself never goes in a file or the database). */
export function checkSecretEnv(name: string, field = 'secretEnv'): string {
  if (!/^[A-Z_][A-Z0-9_]{0,127}$/.test(name)) {
    throw new DomainError('validation_failed', { field, reason: 'env_variable_name' });
  }
  return name;
}

export function checkEvents(events: readonly string[], field = 'events'): string[] {
  if (events.length === 0) throw new DomainError('validation_failed', { field, reason: 'required' });
  for (const [index, event] of events.entries()) {
    if (event !== '*' && !(WEBHOOK_EVENTS as readonly string[]).includes(event)) {
      throw new DomainError('validation_failed', { field: `${field}[${index}]` }, { allowed: ['*', ...WEBHOOK_EVENTS] });
    }
  }
  return [...new Set(events)];
}
