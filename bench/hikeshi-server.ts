import { bootHikeshi, type Hikeshi } from '../src/boot.ts';
import { loadConfig } from '../src/config/env.ts';
import { BENCH_ADMIN_TOKEN } from './config.ts';

export interface RunningHikeshi {
  hikeshi: Hikeshi;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
}

/** The real server, in this process, as `serve` builds it (log level warn), on a random port. */
export async function startHikeshi(dbEnv: Record<string, string>): Promise<RunningHikeshi> {
  const config = loadConfig({
    ...dbEnv,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    HIKESHI_BOOTSTRAP_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
  });
  const hikeshi = await bootHikeshi(config);
  try {
    const baseUrl = await hikeshi.server.listen({ host: '127.0.0.1', port: 0 });
    return { hikeshi, baseUrl };
  } catch (error) {
    await hikeshi.close();
    throw error;
  }
}
