import { performance } from 'node:perf_hooks';
import { bootHikeshi, type Hikeshi } from '../../../boot.ts';
import { describeConfig, type Config } from '../../../config/env.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { operatorLocale, type CliIo } from '../io.ts';
import { isDataDirLocked } from '../server-config.ts';

/**
 * The server side of `hikeshi serve`, loaded only when it runs. Boots, listens, logs one line,
 * then waits for SIGINT or SIGTERM and shuts down: the server first (in-flight requests finish),
 * then the store. A second signal, or a shutdown longer than CLOSE_TIMEOUT_MS, forces the exit.
 */

const CLOSE_TIMEOUT_MS = 10_000;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Runs the server until a signal, then shuts it down. */
export async function runServer(config: Config, io: CliIo): Promise<void> {
  const stop = shutdownSignal(io);
  try {
    const hikeshi = await bootHikeshi(config, { locale: operatorLocale(io.env) }).catch(
      (error: unknown) => {
        if (!isDataDirLocked(error)) throw error;
        throw new CliError((error as Error).message, EXIT.usage, [
          'another process (a running hikeshi serve?) holds this data dir: stop it, or set HIKESHI_DATA_DIR to another directory.',
        ]);
      },
    );
    if (stop.received() === undefined) {
      await listen(hikeshi, config);
    }
    const signal = await stop.promise;
    hikeshi.server.log.info({ signal }, `${signal} received, shutting down`);
    await closeWithin(hikeshi, CLOSE_TIMEOUT_MS);
  } finally {
    stop.dispose();
  }
}

async function listen(hikeshi: Hikeshi, config: Config): Promise<void> {
  let url: string;
  try {
    url = await hikeshi.server.listen({ port: config.port, host: config.host });
  } catch (error) {
    await hikeshi.close().catch(() => undefined);
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'EADDRINUSE') {
      throw new CliError(`port ${config.port} on ${config.host} is already in use`, EXIT.usage, [
        'stop what listens there, or pick another port: --port N or PORT=N.',
      ]);
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new CliError(`cannot listen on host ${config.host} (${code})`, EXIT.usage, [
        'set --host or HOST to an address of this machine.',
      ]);
    }
    throw error;
  }
  const health = await hikeshi.server.inject({ method: 'GET', url: '/healthz' });
  const startupMs = Math.round(performance.now());
  const address = hikeshi.server.addresses()[0];
  const port = typeof address === 'object' ? address.port : config.port;
  const summary = describeConfig({ ...config, port });
  if (health.statusCode === 200) {
    hikeshi.server.log.info(
      { url, startupMs, config: summary },
      `hikeshi listening on ${url}, healthy ${startupMs} ms after start`,
    );
  } else {
    hikeshi.server.log.warn(
      { url, startupMs, config: summary, health: health.statusCode },
      `hikeshi listening on ${url} but NOT healthy (GET /healthz: ${health.statusCode})`,
    );
  }
}

async function closeWithin(hikeshi: Hikeshi, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([hikeshi.close().then(() => 'closed' as const), timeout]);
    if (outcome === 'timeout') {
      throw new CliError(
        `shutdown took longer than ${ms / 1000} s; exiting anyway`,
        EXIT.unexpected,
      );
    }
    hikeshi.server.log.info('stopped');
  } finally {
    clearTimeout(timer);
  }
}

interface ShutdownSignal {
  promise: Promise<string>;
  received(): string | undefined;
  dispose(): void;
}

/** The first SIGINT/SIGTERM resolves `promise`; a second one exits at once. */
function shutdownSignal(io: CliIo): ShutdownSignal {
  let received: string | undefined;
  let resolve: (signal: string) => void = () => undefined;
  const promise = new Promise<string>((r) => (resolve = r));
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      io.err(`hikeshi: ${signal} again, exiting without a clean shutdown\n`);
      process.exit(EXIT.unexpected);
    }
    received = signal;
    resolve(signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    promise,
    received: () => received,
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    },
  };
}
