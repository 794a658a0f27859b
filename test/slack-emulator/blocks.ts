import { charLength, isObject } from './args.ts';

/**
 * Block Kit checks, from docs.slack.dev/reference/block-kit/blocks and the pages of each block:
 * up to 50 blocks in a message and 100 in a modal or Home tab; `block_id` up to 255 characters;
 * section text 1–3000 characters, up to 10 fields of up to 2000; header plain text up to 150;
 * context up to 10 elements; actions up to 25 elements. Each problem is one message in Slack's
 * wording, such as `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`.
 */

export type Surface = 'message' | 'modal' | 'home';

const MAX_BLOCKS: Readonly<Record<Surface, number>> = { message: 50, modal: 100, home: 100 };

const KNOWN_BLOCK_TYPES = new Set([
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'video',
]);

/** Problems with a `blocks` array, each ending in its JSON pointer; empty when the blocks are valid. */
export function blockProblems(blocks: unknown, surface: Surface, pointer: string): string[] {
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:${pointer}]`];
  const problems: string[] = [];
  const max = MAX_BLOCKS[surface];
  if (blocks.length > max)
    problems.push(`no more than ${max} items allowed [json-pointer:${pointer}]`);
  const seenIds = new Set<string>();
  blocks.forEach((block, index) => {
    problems.push(...blockProblemsAt(block, `${pointer}/${index}`, seenIds));
  });
  return problems;
}

function blockProblemsAt(block: unknown, at: string, seenIds: Set<string>): string[] {
  if (!isObject(block) || typeof block.type !== 'string' || !KNOWN_BLOCK_TYPES.has(block.type)) {
    return [`failed to match all allowed schemas [json-pointer:${at}]`];
  }
  const problems = blockIdProblems(block.block_id, `${at}/block_id`, seenIds);
  switch (block.type) {
    case 'section':
      return [...problems, ...sectionProblems(block, at)];
    case 'header':
      return [
        ...problems,
        ...textProblems(block.text, `${at}/text`, { max: 150, plainOnly: true }),
      ];
    case 'context':
      return [...problems, ...listProblems(block.elements, `${at}/elements`, 10)];
    case 'actions':
      return [...problems, ...listProblems(block.elements, `${at}/elements`, 25)];
    case 'input':
      return [...problems, ...inputProblems(block, at)];
    default:
      return problems;
  }
}

function blockIdProblems(blockId: unknown, at: string, seenIds: Set<string>): string[] {
  if (blockId === undefined) return [];
  if (typeof blockId !== 'string') return [`must be a string [json-pointer:${at}]`];
  if (charLength(blockId) > 255) return [`must be less than 256 characters [json-pointer:${at}]`];
  if (seenIds.has(blockId)) return [`duplicate block_id: ${blockId} [json-pointer:${at}]`];
  seenIds.add(blockId);
  return [];
}

function sectionProblems(block: Record<string, unknown>, at: string): string[] {
  if (block.text === undefined && block.fields === undefined) {
    return [`must provide either text or fields [json-pointer:${at}]`];
  }
  const problems: string[] = [];
  if (block.text !== undefined)
    problems.push(...textProblems(block.text, `${at}/text`, { max: 3000 }));
  if (block.fields !== undefined) {
    problems.push(...listProblems(block.fields, `${at}/fields`, 10));
    if (Array.isArray(block.fields)) {
      block.fields.forEach((field, index) => {
        problems.push(...textProblems(field, `${at}/fields/${index}`, { max: 2000 }));
      });
    }
  }
  return problems;
}

function inputProblems(block: Record<string, unknown>, at: string): string[] {
  const problems = textProblems(block.label, `${at}/label`, { max: 2000, plainOnly: true });
  if (!isObject(block.element))
    problems.push(`missing required field: element [json-pointer:${at}]`);
  return problems;
}

function listProblems(list: unknown, at: string, max: number): string[] {
  if (!Array.isArray(list)) return [`must be an array [json-pointer:${at}]`];
  if (list.length === 0) return [`must provide at least 1 items [json-pointer:${at}]`];
  return list.length > max ? [`no more than ${max} items allowed [json-pointer:${at}]`] : [];
}

interface TextRule {
  max: number;
  plainOnly?: boolean;
}

/** A text object `{ type: plain_text | mrkdwn, text }` whose text has 1..max characters. */
export function textProblems(value: unknown, at: string, rule: TextRule): string[] {
  const allowed = rule.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (!isObject(value) || typeof value.type !== 'string' || !allowed.includes(value.type)) {
    return [`failed to match all allowed schemas [json-pointer:${at}]`];
  }
  if (typeof value.text !== 'string') {
    return [
      `failed to match all allowed schemas [json-pointer:${at}]`,
      `missing required field: text [json-pointer:${at}]`,
    ];
  }
  const length = charLength(value.text);
  if (length === 0) {
    return [
      `failed to match all allowed schemas [json-pointer:${at}]`,
      `must be more than 0 characters [json-pointer:${at}/text]`,
    ];
  }
  if (length > rule.max) {
    return [
      `failed to match all allowed schemas [json-pointer:${at}]`,
      `must be less than ${rule.max + 1} characters [json-pointer:${at}/text]`,
    ];
  }
  return [];
}

/** Whether any block is an input block (a modal holding one needs `submit`). */
export function hasInputBlock(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.some((block) => isObject(block) && block.type === 'input');
}
