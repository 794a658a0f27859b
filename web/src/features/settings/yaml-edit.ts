import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { Text } from '../../api/types.ts';

/**
 * The form edits the YAML text itself through the `yaml` library's document model, so every
 * comment and layout the form does not touch stays as written. The text remains the one source of
 * truth: the server validates it, saves it, and writes it to the playbook file.
 */

export type Path = (string | number)[];

/** What the form reads from the draft; loosely typed: the draft may be invalid while edited. */
export interface DraftPlaybook {
  severities?: {
    id?: string;
    name?: Partial<Text>;
    meaning?: Partial<Text>;
    examples?: Partial<Text>[];
    statusUpdateEveryMinutes?: unknown;
    convergenceWatchMinutes?: unknown;
  }[];
  roles?: { id?: string; name?: Partial<Text> }[];
  tasks?: { key?: string; role?: string; status?: string; severities?: string[]; title?: Partial<Text> }[];
  platforms?: { id?: string; name?: Partial<Text>; canRollback?: unknown; isStoreApp?: unknown }[];
}

export interface ParsedDraft {
  doc: Document;
  /** Undefined when the YAML cannot be read (syntax error). */
  data: DraftPlaybook | undefined;
}

export function parseDraft(text: string): ParsedDraft {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return { doc, data: undefined };
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object') return { doc, data: undefined };
  const draft: DraftPlaybook = data;
  return { doc, data: draft };
}

/** The text with the value at `path` set (created when missing); other lines unchanged. */
export function setAt(text: string, path: Path, value: unknown): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  doc.setIn(path, value);
  return doc.toString();
}

/** The text with the node at `path` removed. */
export function deleteAt(text: string, path: Path): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  doc.deleteIn(path);
  return doc.toString();
}

/** The text with `value` appended to the list at `path`. */
export function appendAt(text: string, path: Path, value: unknown): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  const list = doc.getIn(path, true);
  if (isSeq(list)) list.add(doc.createNode(value));
  else doc.setIn(path, [value]);
  return doc.toString();
}

/** Whether the node at `path` is a mapping (the form edits only what has the expected shape). */
export function isMapAt(doc: Document, path: Path): boolean {
  return isMap(doc.getIn(path, true));
}

/** `severities[1].statusUpdateEveryMinutes`, as the server names fields. */
export function fieldName(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** A number typed in a field: the number when it is one, else the text (the server names the problem). */
export function numberOrText(input: string): number | string {
  const trimmed = input.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}
