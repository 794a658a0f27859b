import type { AppDeps } from '../../app/context.ts';
import type { SlackConfig } from '../../config/env.ts';
import type { Store } from '../../store/database.ts';
import type { AlertSourceRow } from '../../store/alerts.ts';
import type { AuthCache } from './auth-cache.ts';
import type { ExpiringCache } from './expiring-cache.ts';

/** What the HTTP adapter needs: the use cases' dependencies, the store (health, LISTEN), config. */
export interface HttpDeps {
  app: AppDeps;
  store: Store;
  config: {
    /** Base of links the API hands out (HIKESHI_PUBLIC_URL). */
    publicUrl: string;
    /** Where a playbook saved from the web is written (absent: not written, e.g. API tests). */
    playbookFile?: string;
    /** Slack, for the settings page's status (absent or null: not configured). */
    slack?: SlackConfig | null;
  };
  /** Authentications remembered between requests; buildServer provides one when absent. */
  authCache?: AuthCache;
  /** Alert sources remembered between deliveries, by id or secret hash; buildServer provides one when absent. */
  alertSourceCache?: ExpiringCache<AlertSourceRow>;
}
