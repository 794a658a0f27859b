import type { AppDeps } from '../../app/context.ts';
import type { Store } from '../../store/database.ts';
import type { AuthCache } from './auth-cache.ts';

/** What the HTTP adapter needs: the use cases' dependencies, the store (health, LISTEN), config. */
export interface HttpDeps {
  app: AppDeps;
  store: Store;
  config: {
    /** Base of links the API hands out (HIKESHI_PUBLIC_URL). */
    publicUrl: string;
  };
  /** Authentications remembered between requests; buildServer provides one when absent. */
  authCache?: AuthCache;
}
