import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { defaultPlaybookPath } from './load-playbook.ts';

/**
 * Where a playbook saved from the web is written: the file it was read from, except the built-in
 * default (part of the program, never rewritten), in which case `./hikeshi.yaml` in the working
 * directory, which start-up reads before the default.
 */
export function writablePlaybookPath(readFrom: string, cwd: string): string {
  return resolve(readFrom) === resolve(defaultPlaybookPath) ? resolve(cwd, 'hikeshi.yaml') : resolve(readFrom);
}

/**
 * Writes the playbook's text atomically: a temporary file in the same directory, then a rename,
 * so a reader (or a crash) sees the old file or the new one, never half of one.
 */
export async function writePlaybookFile(path: string, source: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporary, source, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
