// Child-process entry for prepareDataDir() in database.ts: runs PGlite's initdb in the directory
// given as the only argument, then exits. initdb costs 500–870 MB RSS for a few seconds; doing it
// here lets that memory go back to the OS with the process. Plain .mjs so that `node` runs it
// whether or not the parent was started through tsx.
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: node pglite-initdb.mjs <data-dir>\n');
  process.exit(2);
}
const pglite = await PGlite.create(dataDir);
await pglite.close();
