import type { AppDeps } from '../../app/context.ts';
import type { Store } from '../../store/database.ts';

/** What the HTTP adapter needs: the use cases' dependencies, the store (health, LISTEN), config. */
export interface HttpDeps {
  app: AppDeps;
  store: Store;
  config: {
    /** Base of links the API hands out (HIKESHI_PUBLIC_URL). */
    publicUrl: string;
  };
}
