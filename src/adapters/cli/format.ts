/** Text output helpers: aligned tables (aware of wide CJK characters) and ages. */

// East Asian wide and fullwidth ranges (Hangul, CJK, kana, fullwidth forms, emoji): two columns.
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;

/** How many terminal columns a text takes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/** Cuts a text to at most `max` columns, ending with … when cut. */
export function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const char of text) {
    const w = WIDE.test(char) ? 2 : 1;
    if (width + w > max - 1) break;
    out += char;
    width += w;
  }
  return `${out}…`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * Rows under a header, columns separated by two spaces. The last column is not padded and,
 * when `maxWidth` is given (a terminal), is cut to fit.
 */
export function table(header: string[], rows: string[][], maxWidth?: number): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => displayWidth(row[i] ?? ''))));
  const lines = all.map((row) => {
    const cells = row.map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i] ?? 0)));
    let line = cells.join('  ');
    if (maxWidth !== undefined && displayWidth(line) > maxWidth) {
      const before = cells.slice(0, -1).join('  ');
      const room = maxWidth - displayWidth(before) - 2;
      line = room > 8 ? `${before}  ${truncate(cells[cells.length - 1] ?? '', room)}` : line;
    }
    return line.trimEnd();
  });
  return `${lines.join('\n')}\n`;
}

/** A duration as `45s`, `12m`, `3h 5m`, `2d 4h`. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

/** An ISO instant as local `YYYY-MM-DD HH:MM` with its age, e.g. `2024-05-01 10:42 (3h 5m ago)`. */
export function formatInstant(iso: string, now: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  const local = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;
  return `${local} (${formatAge(now.getTime() - at.getTime())} ago)`;
}

/** Indents every line of a text. */
export function indent(text: string, spaces = 2): string {
  const prefix = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}
