import { Command } from 'commander';
import { EXIT_CODES_SHORT } from '../exit-codes.ts';
import { operatorLocale, type CliIo } from '../io.ts';
import { serverConfig } from '../server-config.ts';

/** `hikeshi migrate`: brings the database schema up to date and records the playbook version. */
export function migrateCommand(io: CliIo): Command {
  return new Command('migrate')
    .summary('apply pending database migrations and record the playbook version')
    .description(
      'Open the database (DATABASE_URL, or the embedded one in HIKESHI_DATA_DIR), apply pending migrations, ' +
        'then load the playbook file and record its version. A broken playbook file is reported here (exit 2). ' +
        '`hikeshi serve` migrates too; run this to migrate ahead of a deploy or to check a playbook. ' +
        'With the embedded database, stop the server first (one process per data dir).',
    )
    .addHelpText(
      'after',
      `
Examples:
  hikeshi migrate
  HIKESHI_DATA_DIR=/var/lib/hikeshi hikeshi migrate
  DATABASE_URL=postgres://hikeshi@db/hikeshi HIKESHI_PLAYBOOK=./hikeshi.yaml hikeshi migrate

${EXIT_CODES_SHORT}`,
    )
    .action(async () => {
      const config = await serverConfig(io);
      // Loaded on demand: the client commands need none of the server's modules.
      const { loadAppDeps, openMigratedStore } = await import('../../../setup.ts');
      const where = config.databaseUrl
        ? 'PostgreSQL (DATABASE_URL)'
        : `PGlite in ${config.dataDir}`;
      const { store, applied } = await openMigratedStore({ ...config, poolSize: 1 });
      try {
        if (applied.length === 0) {
          io.out(`Database is up to date (${where}).\n`);
        } else {
          io.out(
            `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} to ${where}:\n`,
          );
          for (const name of applied) io.out(`  ${name}\n`);
        }
        const app = await loadAppDeps(store, config, {
          cwd: io.cwd,
          locale: operatorLocale(io.env),
        });
        const { version } = app.playbooks.current();
        io.out(`Playbook ${app.playbookPath} in force as version ${version}.\n`);
      } finally {
        await store.close();
      }
    });
}
