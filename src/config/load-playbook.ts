/**
 * Loads the playbook file (hikeshi.yaml): YAML parsing, JSON Schema validation
 * (playbook.schema.json) and the cross-reference checks a schema cannot express. Every problem is
 * reported with the file, line and column it comes from and the field it concerns.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { ErrorParams } from '../domain/errors.ts';
import type { Locale, Playbook } from '../domain/playbook.ts';
import {
  expectedTypeNames,
  playbookText,
  referenceNames,
  valueKindNames,
  yamlErrorText,
  type PlaybookMessageKey,
  type ReferenceKind,
  type ValueKind,
} from '../i18n/playbook-messages.ts';
import schema from './playbook.schema.json' with { type: 'json' };

/** One thing wrong with a playbook file. `line` and `column` start at 1 (0: no position). */
export interface PlaybookProblem {
  file: string;
  line: number;
  column: number;
  /** The field concerned, e.g. `severities[0].name.ja`; empty for YAML syntax errors. */
  field: string;
  /** What is wrong, in the locale the file was checked for (src/i18n/playbook-messages.ts). */
  message: string;
}

export interface LoadedPlaybook {
  playbook: Playbook;
  /** The file's text as read. */
  source: string;
  /** sha256 (hex) of the playbook's canonical JSON: same content, same hash, whatever the layout. */
  hash: string;
  path: string;
}

/** Thrown for any problem with a playbook file; `message` lists every problem, one per line. */
export class PlaybookFileError extends Error {
  override readonly name = 'PlaybookFileError';
  readonly problems: PlaybookProblem[];

  constructor(problems: PlaybookProblem[]) {
    super(problems.map(formatPlaybookProblem).join('\n'));
    this.problems = problems;
  }
}

/** `file:line:column field — message`. */
export function formatPlaybookProblem(problem: PlaybookProblem): string {
  const where =
    problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return problem.field === ''
    ? `${where} — ${problem.message}`
    : `${where} ${problem.field} — ${problem.message}`;
}

/** The built-in default playbook, written from the seed flow. */
export const defaultPlaybookPath: string = fileURLToPath(
  new URL('./default-playbook.yaml', import.meta.url),
);

/**
 * Where the playbook is read from: `HIKESHI_PLAYBOOK` if set (relative to `cwd`), else
 * `./hikeshi.yaml` in `cwd` if it exists, else the built-in default.
 */
export function resolvePlaybookPath(envValue: string | undefined, cwd: string): string {
  if (envValue !== undefined && envValue.trim() !== '') return resolve(cwd, envValue);
  const local = resolve(cwd, 'hikeshi.yaml');
  return existsSync(local) ? local : defaultPlaybookPath;
}

/**
 * Reads, parses and checks a playbook file; problems are worded in `locale` (start-up: English).
 */
export async function loadPlaybookFile(
  path: string,
  locale: Locale = 'en',
): Promise<LoadedPlaybook> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = playbookText(locale, 'cannotRead', { reason });
    throw new PlaybookFileError([{ file: path, line: 0, column: 0, field: '', message }]);
  }
  return { ...parsePlaybook(source, path, locale), path: resolve(path) };
}

/**
 * Parses and checks playbook YAML; `fileName` names the source in problems, which are worded in
 * `locale` (the web editor: the caller's language).
 */
export function parsePlaybook(
  source: string,
  fileName: string,
  locale: Locale = 'en',
): LoadedPlaybook {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const context: Context = { doc, lineCounter, file: fileName, locale };

  if (doc.errors.length > 0) throw new PlaybookFileError(syntaxProblems(context));

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // e.g. an alias bomb (too many aliases): refused by the YAML library.
    const detail = error instanceof Error ? error.message : String(error);
    const message = playbookText(locale, 'yamlUnusable', { detail });
    throw new PlaybookFileError([{ file: fileName, line: 1, column: 1, field: '', message }]);
  }
  if (!validatePlaybook(data)) {
    const problems = (validatePlaybook.errors ?? [])
      .map((error) => schemaProblem(error, data, context))
      .filter((problem): problem is PlaybookProblem => problem !== null);
    throw new PlaybookFileError(sortProblems(dedupe(problems)));
  }

  const semantic = semanticIssues(data, locale).map((issue) => problemAt(context, issue));
  if (semantic.length > 0) throw new PlaybookFileError(sortProblems(dedupe(semantic)));

  return { playbook: data, source, hash: hashPlaybook(data), path: fileName };
}

/** The YAML library's syntax errors, in file order, each at its position. */
function syntaxProblems({ doc, lineCounter, file, locale }: Context): PlaybookProblem[] {
  return sortProblems(
    doc.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const message = yamlErrorText(locale, error.code, error.message);
      return { file, line, column: col, field: '', message };
    }),
  );
}

/** sha256 (hex) of the canonical JSON of a playbook (object keys sorted). */
export function hashPlaybook(playbook: Playbook): string {
  return createHash('sha256').update(canonicalJson(playbook)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

// ---------------------------------------------------------------------------------------------
// Schema validation

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validatePlaybook = ajv.compile<Playbook>(schema);

type Segment = string | number;

interface Context {
  doc: Document;
  lineCounter: LineCounter;
  file: string;
  locale: Locale;
}

/** A problem found on the parsed data, to be placed in the file. */
interface Issue {
  path: Segment[];
  /** Point at the key of the last segment rather than its value (for unknown or bad keys). */
  atKey?: boolean;
  /** Path to locate, when it differs from `path` (a missing field is located at its parent). */
  locateAt?: Segment[];
  message: string;
}

function schemaProblem(
  error: ErrorObject,
  data: unknown,
  context: Context,
): PlaybookProblem | null {
  const path = pointerToPath(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  const say = sayIn(context.locale);
  switch (error.keyword) {
    case 'propertyNames':
      // Reported again, with the reason, by the failing keyword carrying `propertyName`.
      return null;
    case 'required':
      return problemAt(context, {
        path: [...path, text(params['missingProperty'])],
        locateAt: path,
        message: say('required'),
      });
    case 'additionalProperties':
      return problemAt(context, {
        path: [...path, text(params['additionalProperty'])],
        atKey: true,
        message: say('unknownField'),
      });
    case 'uniqueItems': {
      const later = Number(params['i']);
      const earlier = Number(params['j']);
      return problemAt(context, {
        path: [...path, Math.max(later, earlier)],
        message: say('repeatsItem', { earlier: formatField([...path, Math.min(later, earlier)]) }),
      });
    }
    default:
      if (error.propertyName !== undefined) {
        return problemAt(context, {
          path: [...path, error.propertyName],
          atKey: true,
          message: say('invalidKey', {
            reason: describe(error, error.propertyName, context.locale),
          }),
        });
      }
      return problemAt(context, {
        path,
        message: describe(error, valueAt(data, path), context.locale),
      });
  }
}

/** Words a problem in `locale`. */
function sayIn(locale: Locale): (key: PlaybookMessageKey, params?: ErrorParams) => string {
  return (key, params) => playbookText(locale, key, params);
}

/** The patterns of playbook.schema.json, each with its explanation. */
const PATTERN_MESSAGES: Record<string, PlaybookMessageKey> = {
  '^[A-Za-z][A-Za-z0-9_-]*$': 'patternId',
  '^([01][0-9]|2[0-3]):[0-5][0-9]$': 'patternTime',
  '^[^@\\s]+@[^@\\s]+$': 'patternEmail',
  '^[^\\s#]+$': 'patternChannel',
  '^/[a-z0-9][a-z0-9_-]*$': 'patternCommand',
  '\\{number\\}': 'patternNumber',
  "^[a-z0-9_+'-]+$": 'patternEmoji',
  '^[A-Za-z0-9._-]+$': 'patternUserGroup',
};

/** What a failed schema keyword asks of `value`, in `locale`. */
function describe(error: ErrorObject, value: unknown, locale: Locale): string {
  const params = error.params as Record<string, unknown>;
  const say = sayIn(locale);
  const limit = text(params['limit']);
  switch (error.keyword) {
    case 'type':
      return say('wrongType', {
        expected: expectedTypeName(text(params['type']), locale),
        actual: valueKindNames[kindOf(value)][locale],
      });
    case 'const':
      return say('mustEqual', { value: JSON.stringify(params['allowedValue']) });
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'] : [];
      return say('oneOf', { values: allowed.map(text).join(', ') });
    }
    case 'minLength':
      return params['limit'] === 1 ? say('notEmpty') : say('minLength', { limit });
    case 'minimum':
      return say('minimum', { limit });
    case 'minItems':
      return params['limit'] === 1 ? say('atLeastOneItem') : say('minItems', { limit });
    case 'pattern': {
      const pattern = text(params['pattern']);
      return say(PATTERN_MESSAGES[pattern] ?? 'patternOther', { pattern });
    }
    default:
      return error.message === undefined
        ? say('invalid')
        : say('schemaOther', { detail: error.message });
  }
}

function expectedTypeName(type: string, locale: Locale): string {
  return isExpectedType(type) ? expectedTypeNames[type][locale] : type;
}

function isExpectedType(type: string): type is keyof typeof expectedTypeNames {
  return Object.hasOwn(expectedTypeNames, type);
}

function kindOf(value: unknown): ValueKind {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isInteger(value) ? 'wholeNumber' : 'number';
  return 'boolean'; // parsed YAML holds nothing else
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** JSON pointer → path; indices of arrays become numbers. */
function pointerToPath(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const path: Segment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index] as unknown;
    } else {
      path.push(segment);
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return path;
}

function valueAt(data: unknown, path: readonly Segment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number')
      current = current[segment] as unknown;
    else if (isRecord(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `severities[0].name.ja`; keys that are not plain names are quoted: `channels["a b"]`. */
export function formatField(path: readonly Segment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(segment))
      out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function problemAt(context: Context, issue: Issue): PlaybookProblem {
  const { line, column } = locate(context, issue.locateAt ?? issue.path, issue.atKey === true);
  return {
    file: context.file,
    line,
    column,
    field: formatField(issue.path),
    message: issue.message,
  };
}

/**
 * Line and column of the YAML node at `path` (of its key when `atKey`), or of the nearest
 * ancestor that exists in the file.
 */
function locate(
  context: Context,
  path: readonly Segment[],
  atKey: boolean,
): { line: number; column: number } {
  const { doc, lineCounter } = context;
  let node: unknown = doc.contents;
  let found: unknown = node;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyName(p.key) === String(segment));
      if (!pair) break;
      const last = i === path.length - 1;
      if (last && atKey) {
        found = pair.key;
        break;
      }
      node = isNode(pair.value) ? pair.value : pair.key;
      found = node;
      if (!isNode(pair.value)) break;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!isNode(item)) break;
      node = item;
      found = item;
    } else {
      break;
    }
  }
  const start = isNode(found) && found.range ? found.range[0] : 0;
  const { line, col } = lineCounter.linePos(start);
  return { line, column: col };
}

function keyName(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function dedupe(problems: PlaybookProblem[]): PlaybookProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = formatPlaybookProblem(p);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function sortProblems(problems: PlaybookProblem[]): PlaybookProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        a.problem.line - b.problem.line || a.problem.column - b.problem.column || a.index - b.index,
    )
    .map(({ problem }) => problem);
}

// ---------------------------------------------------------------------------------------------
// Semantic checks (after the schema has passed, so the data has the Playbook shape)

function semanticIssues(playbook: Playbook, locale: Locale): Issue[] {
  const issues: Issue[] = [];
  const say = sayIn(locale);
  const severityIds = playbook.severities.map((s) => s.id);
  const roleIds = playbook.roles.map((r) => r.id);
  const platformIds = playbook.platforms.map((p) => p.id);
  const channelKeys = Object.keys(playbook.channels);

  const unique = (base: Segment[], ids: readonly string[], field: string) => {
    const firstAt = new Map<string, number>();
    ids.forEach((id, index) => {
      const first = firstAt.get(id);
      if (first === undefined) firstAt.set(id, index);
      else
        issues.push({
          path: [...base, index, field],
          message: say('repeatsId', { id, earlier: formatField([...base, first, field]) }),
        });
    });
  };
  unique(
    ['definition', 'questions'],
    playbook.definition.questions.map((q) => q.key),
    'key',
  );
  unique(['severities'], severityIds, 'id');
  unique(['roles'], roleIds, 'id');
  unique(['platforms'], platformIds, 'id');
  unique(
    ['tasks'],
    playbook.tasks.map((t) => t.key),
    'key',
  );
  unique(
    ['postmortem', 'sections'],
    playbook.postmortem.sections.map((s) => s.key),
    'key',
  );

  const known = (path: Segment[], id: string, ids: readonly string[], what: ReferenceKind) => {
    if (!ids.includes(id)) issues.push({ path, message: unknownReference(locale, what, id, ids) });
  };
  const allKnown = (
    base: Segment[],
    list: readonly string[] | undefined,
    ids: readonly string[],
    what: ReferenceKind,
  ) => {
    list?.forEach((id, index) => known([...base, index], id, ids, what));
  };

  if (!roleIds.includes('commander')) {
    issues.push({ path: ['roles'], message: say('commanderRequired') });
  }

  playbook.severities.forEach((severity, i) => {
    allKnown(['severities', i, 'announceTo'], severity.announceTo, channelKeys, 'channelKey');
    for (const role of Object.keys(severity.duties)) {
      if (!roleIds.includes(role)) {
        issues.push({
          path: ['severities', i, 'duties', role],
          atKey: true,
          message: unknownReference(locale, 'role', role, roleIds),
        });
      }
    }
  });

  playbook.tasks.forEach((task, i) => {
    known(['tasks', i, 'role'], task.role, roleIds, 'role');
    allKnown(['tasks', i, 'severities'], task.severities, severityIds, 'severity');
    allKnown(['tasks', i, 'platforms'], task.platforms, platformIds, 'platform');
  });

  playbook.responders.forEach((rule, i) => {
    allKnown(['responders', i, 'severities'], rule.severities, severityIds, 'severity');
    allKnown(['responders', i, 'platforms'], rule.platforms, platformIds, 'platform');
  });

  playbook.postmortem.sections.forEach((section, i) => {
    section.requiredFor.forEach((id, j) => {
      const path: Segment[] = ['postmortem', 'sections', i, 'requiredFor', j];
      const severity = playbook.severities.find((s) => s.id === id);
      if (!severity) known(path, id, severityIds, 'severity');
      else if (severity.postmortem.form === 'short' && !section.inShortForm) {
        issues.push({
          path,
          message: say('leftOutOfShortForm', { severity: id }),
        });
      }
    });
  });

  known(
    ['followUp', 'digest', 'channel'],
    playbook.followUp.digest.channel,
    channelKeys,
    'channelKey',
  );

  alertingIssues(playbook, severityIds, platformIds, locale).forEach((issue) => issues.push(issue));

  for (const path of [
    ['workspace', 'timezone'],
    ['followUp', 'digest', 'timezone'],
  ] as const) {
    const zone =
      path.length === 2 ? playbook.workspace.timezone : playbook.followUp.digest.timezone;
    if (!isTimeZone(zone)) {
      issues.push({
        path: [...path],
        message: say('notTimeZone', { zone }),
      });
    }
  }

  return issues;
}

/** The `alerting` section names severities and platforms that must exist. */
function alertingIssues(
  playbook: Playbook,
  severityIds: readonly string[],
  platformIds: readonly string[],
  locale: Locale,
): Issue[] {
  const alerting = playbook.alerting;
  if (!alerting) return [];
  const issues: Issue[] = [];
  const check = (
    path: Segment[],
    id: string | undefined,
    ids: readonly string[],
    what: ReferenceKind,
  ) => {
    if (id !== undefined && !ids.includes(id))
      issues.push({ path, message: unknownReference(locale, what, id, ids) });
  };
  for (const [value, severity] of Object.entries(alerting.severityMap)) {
    check(['alerting', 'severityMap', value], severity, severityIds, 'severity');
  }
  alerting.rules.forEach((rule, i) => {
    check(['alerting', 'rules', i, 'severity'], rule.severity, severityIds, 'severity');
    check(['alerting', 'rules', i, 'platform'], rule.platform, platformIds, 'platform');
  });
  return issues;
}

/** `unknown role "scribe" (defined: commander, investigator)`, in `locale`. */
function unknownReference(
  locale: Locale,
  what: ReferenceKind,
  id: string,
  ids: readonly string[],
): string {
  const defined =
    ids.length === 0 ? playbookText(locale, 'noneDefined') : [...new Set(ids)].join(', ');
  return playbookText(locale, 'unknownReference', {
    what: referenceNames[what][locale],
    id,
    defined,
  });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
