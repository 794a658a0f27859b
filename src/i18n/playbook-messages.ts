import type { ErrorCode as YamlErrorCode } from 'yaml';
import type { ErrorParams } from '../domain/errors.ts';
import type { Locale, Text } from '../domain/playbook.ts';
import { fill } from './index.ts';

/**
 * Every problem the playbook loader (src/config/load-playbook.ts) reports, in Japanese and
 * English: the web editor shows them in the caller's language, start-up in the operator's (the
 * CLI's LC_ALL / LC_MESSAGES / LANG). Only the
 * human text lives here; the file, line, column and field path are added by the loader.
 * `{name}` placeholders are filled by `playbookText`; a literal `{number}` with no such param is
 * left as written.
 */
export const playbookMessages = {
  // JSON Schema keywords
  required: { ja: '必須です', en: 'is required' },
  unknownField: { ja: '未知の項目です', en: 'is not a known field' },
  repeatsItem: { ja: '{earlier} と重複しています', en: 'repeats {earlier}' },
  invalidKey: { ja: 'キーとして使えません: {reason}', en: 'is not a valid key: {reason}' },
  wrongType: {
    ja: '{expected}である必要があります（{actual}になっています）',
    en: 'must be {expected}, not {actual}',
  },
  mustEqual: { ja: '{value} である必要があります', en: 'must be {value}' },
  oneOf: { ja: '次のいずれかである必要があります: {values}', en: 'must be one of: {values}' },
  notEmpty: { ja: '空にはできません', en: 'must not be empty' },
  minLength: {
    ja: '{limit} 文字以上である必要があります',
    en: 'must be at least {limit} characters long',
  },
  minimum: { ja: '{limit} 以上である必要があります', en: 'must be at least {limit}' },
  atLeastOneItem: { ja: '1 件以上必要です', en: 'must have at least one item' },
  minItems: { ja: '{limit} 件以上必要です', en: 'must have at least {limit} items' },
  patternId: {
    ja: 'ID である必要があります（英字で始まり、英字・数字・_・- だけが続く）',
    en: 'must be an id: a letter, then letters, digits, _ or -',
  },
  patternTime: {
    ja: 'HH:MM 形式の時刻（00:00〜23:59）である必要があります',
    en: 'must be a time of day HH:MM (00:00 to 23:59)',
  },
  patternEmail: { ja: 'メールアドレスである必要があります', en: 'must be an email address' },
  patternChannel: {
    ja: '# や空白を含まない Slack チャンネル名である必要があります',
    en: 'must be a Slack channel name, without # or spaces',
  },
  patternCommand: {
    ja: '/incident のような、小文字のスラッシュコマンドである必要があります',
    en: 'must be a slash command such as /incident (lowercase)',
  },
  patternNumber: {
    ja: '{number} を含める必要があります（チャンネル名を一意にするため）',
    en: 'must contain {number}, which keeps channel names unique',
  },
  patternEmoji: {
    ja: 'pushpin のような、コロンを付けない絵文字名である必要があります',
    en: 'must be an emoji name without colons, such as pushpin',
  },
  patternUserGroup: {
    ja: '@ を付けない Slack ユーザーグループのハンドルである必要があります',
    en: 'must be a Slack user group handle, without @',
  },
  patternOther: {
    ja: 'パターン {pattern} に一致する必要があります',
    en: 'must match the pattern {pattern}',
  },
  invalid: { ja: '正しくありません', en: 'is invalid' },
  /** Any other keyword: ajv's own (English) sentence as the detail. */
  schemaOther: { ja: '正しくありません（{detail}）', en: '{detail}' },
  // cross-reference checks
  repeatsId: { ja: '「{id}」は {earlier} と重複しています', en: 'repeats "{id}" of {earlier}' },
  unknownReference: {
    ja: '未定義の{what}「{id}」です（定義済み: {defined}）',
    en: 'unknown {what} "{id}" (defined: {defined})',
  },
  noneDefined: { ja: 'なし', en: 'none' },
  commanderRequired: {
    ja: '役割「commander」を含める必要があります',
    en: 'must include the role "commander"',
  },
  leftOutOfShortForm: {
    ja: '{severity} は簡易版のポストモーテムを使うため、この項目は含まれません（inShortForm: false）',
    en: '{severity} uses the short postmortem form, which leaves out this section (inShortForm: false)',
  },
  notTimeZone: {
    ja: '「{zone}」は IANA のタイムゾーンではありません（例: Asia/Tokyo）',
    en: '"{zone}" is not an IANA time zone (e.g. Asia/Tokyo)',
  },
  // the file itself
  yamlSyntax: { ja: 'YAML の構文が正しくありません（{detail}）', en: '{detail}' },
  cannotRead: { ja: 'ファイルを読めません: {reason}', en: 'cannot read the file: {reason}' },
  // The header above the problems when start-up refuses the file (src/adapters/cli/report-error.ts).
  fileInvalid: {
    ja: 'プレイブックファイルが正しくありません（問題 {count} 件）:',
    en: 'the playbook file is invalid ({count} problems):',
  },
  fileInvalidOne: {
    ja: 'プレイブックファイルが正しくありません（問題 1 件）:',
    en: 'the playbook file is invalid (1 problem):',
  },
  /** The YAML library refused to build the data (e.g. an alias bomb); its sentence as the detail. */
  yamlUnusable: { ja: 'YAML を展開できません（{detail}）', en: '{detail}' },
} satisfies Record<string, Text>;

export type PlaybookMessageKey = keyof typeof playbookMessages;

/** What a JSON Schema `type` asks for (the expected side of `wrongType`). */
export const expectedTypeNames = {
  string: { ja: '文字列', en: 'a text' },
  integer: { ja: '整数', en: 'a whole number' },
  number: { ja: '数値', en: 'a number' },
  boolean: { ja: 'true か false', en: 'true or false' },
  object: { ja: 'マッピング（キー: 値）', en: 'a mapping (key: value)' },
  array: { ja: 'リスト', en: 'a list' },
  null: { ja: '空', en: 'empty' },
} satisfies Record<string, Text>;

/** What a value in the file is (the actual side of `wrongType`). */
export const valueKindNames = {
  empty: { ja: '空', en: 'empty' },
  list: { ja: 'リスト', en: 'a list' },
  mapping: { ja: 'マッピング', en: 'a mapping' },
  text: { ja: '文字列', en: 'a text' },
  wholeNumber: { ja: '整数', en: 'a whole number' },
  number: { ja: '数値', en: 'a number' },
  boolean: { ja: 'true か false', en: 'true or false' },
} satisfies Record<string, Text>;

export type ValueKind = keyof typeof valueKindNames;

/** What an unknown reference names (`{what}` of `unknownReference`). */
export const referenceNames = {
  severity: { ja: '重大度', en: 'severity' },
  role: { ja: '役割', en: 'role' },
  platform: { ja: 'プラットフォーム', en: 'platform' },
  channelKey: { ja: 'チャンネルキー', en: 'channel key' },
} satisfies Record<string, Text>;

export type ReferenceKind = keyof typeof referenceNames;

/**
 * YAML syntax errors by the library's error code. English keeps the library's own, more precise
 * sentence (`{detail}`); Japanese says what kind of mistake it is and quotes that sentence.
 */
export const yamlErrorMessages = {
  ALIAS_PROPS: { ja: 'エイリアスにはアンカーやタグを付けられません（{detail}）', en: '{detail}' },
  BAD_ALIAS: { ja: 'アンカーまたはエイリアスの名前が正しくありません（{detail}）', en: '{detail}' },
  BAD_DIRECTIVE: { ja: 'ディレクティブが正しくありません（{detail}）', en: '{detail}' },
  BAD_DQ_ESCAPE: {
    ja: 'ダブルクォート内のエスケープが正しくありません（{detail}）',
    en: '{detail}',
  },
  BAD_INDENT: { ja: 'インデントが正しくありません（{detail}）', en: '{detail}' },
  BAD_PROP_ORDER: { ja: 'アンカーやタグの位置が正しくありません（{detail}）', en: '{detail}' },
  BAD_SCALAR_START: {
    ja: 'この文字から始まる値はクォートで囲む必要があります（{detail}）',
    en: '{detail}',
  },
  BLOCK_AS_IMPLICIT_KEY: {
    ja: 'この位置に入れ子のマッピングやリストは書けません（{detail}）',
    en: '{detail}',
  },
  BLOCK_IN_FLOW: { ja: '[ ] や { } の中にブロック形式は書けません（{detail}）', en: '{detail}' },
  DUPLICATE_KEY: { ja: '同じキーが重複しています（{detail}）', en: '{detail}' },
  IMPOSSIBLE: { ja: 'YAML として解釈できません（{detail}）', en: '{detail}' },
  KEY_OVER_1024_CHARS: { ja: 'キーが長すぎます（{detail}）', en: '{detail}' },
  MISSING_CHAR: { ja: '必要な文字が足りません（{detail}）', en: '{detail}' },
  MULTILINE_IMPLICIT_KEY: { ja: 'キーは 1 行で書く必要があります（{detail}）', en: '{detail}' },
  MULTIPLE_ANCHORS: { ja: 'アンカーは 1 つまでです（{detail}）', en: '{detail}' },
  MULTIPLE_DOCS: {
    ja: 'ファイルには YAML ドキュメントを 1 つだけ書いてください（{detail}）',
    en: '{detail}',
  },
  MULTIPLE_TAGS: { ja: 'タグは 1 つまでです（{detail}）', en: '{detail}' },
  NON_STRING_KEY: { ja: 'キーは文字列である必要があります（{detail}）', en: '{detail}' },
  RESOURCE_EXHAUSTION: { ja: 'YAML が大きすぎて展開できません（{detail}）', en: '{detail}' },
  TAB_AS_INDENT: { ja: 'インデントにタブは使えません（{detail}）', en: '{detail}' },
  TAG_RESOLVE_FAILED: { ja: 'タグを解釈できません（{detail}）', en: '{detail}' },
  UNEXPECTED_TOKEN: { ja: '予期しない記号があります（{detail}）', en: '{detail}' },
  BAD_COLLECTION_TYPE: { ja: 'タグとデータの種類が合いません（{detail}）', en: '{detail}' },
} satisfies Record<YamlErrorCode, Text>;

/** A loader problem's text in a locale, its `{name}` placeholders filled from `params`. */
export function playbookText(
  locale: Locale,
  key: PlaybookMessageKey,
  params: ErrorParams = {},
): string {
  return fill(playbookMessages[key][locale], locale, params);
}

/** A YAML syntax error in a locale; `detail` is the library's own sentence. */
export function yamlErrorText(locale: Locale, code: YamlErrorCode, detail: string): string {
  // A code added by a later version of the library reads as a plain syntax error.
  const byCode: Partial<Record<string, Text>> = yamlErrorMessages;
  return fill((byCode[code] ?? playbookMessages.yamlSyntax)[locale], locale, { detail });
}
