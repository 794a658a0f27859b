/** Where the CLI reads its environment and writes its output: the process, or a test double. */
export interface CliIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout / stderr are terminals (tables fit the width; notes for humans go to stderr). */
  isOutTty: boolean;
  isErrTty: boolean;
  /** Terminal width, when stdout is a terminal. */
  columns: number | undefined;
  cwd: string;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return {
    env: process.env,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isOutTty: process.stdout.isTTY === true,
    isErrTty: process.stderr.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    cwd: process.cwd(),
  };
}

/**
 * The operator's language from the POSIX locale variables: the first set of LC_ALL, LC_MESSAGES,
 * LANG; `ja…` (ja_JP.UTF-8) → ja, anything else → en. Server-side commands word their problems in
 * it (start-up's playbook problems, refused use cases); client commands start from it too.
 */
export function operatorLocale(env: CliIo['env']): 'ja' | 'en' {
  const posix = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']]
    .map((v) => v?.trim())
    .find((v) => v);
  return posix?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** Whether HIKESHI_DEBUG asks for stack traces. */
export function isDebug(env: CliIo['env']): boolean {
  const value = env['HIKESHI_DEBUG']?.trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}
