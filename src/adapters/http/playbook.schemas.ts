import { z } from 'zod';

/** Longest playbook text taken (the default playbook is about 20 KB). */
export const MAX_PLAYBOOK_BYTES = 256 * 1024;

const yaml = z.string().min(1).max(MAX_PLAYBOOK_BYTES, { error: `must be at most ${MAX_PLAYBOOK_BYTES} characters` });

export const validatePlaybookBody = z.strictObject({ yaml });

export const savePlaybookBody = z.strictObject({
  yaml,
  /** The version the editor started from (409 when another is in force now). */
  baseVersion: z.number().int().positive(),
});

const text = z.object({ ja: z.string(), en: z.string() });
const idDiff = z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) });

export const playbookPreview = z.object({
  severities: z.array(
    z.object({
      id: z.string(),
      name: text,
      meaning: text,
      examples: z.array(text),
      statusUpdateEveryMinutes: z.number().int(),
      convergenceWatchMinutes: z.number().int(),
      postmortemRequired: z.boolean(),
      postmortemForm: z.enum(['full', 'short']),
    }),
  ),
  roles: z.array(z.object({ id: z.string(), name: text })),
  tasks: z.array(z.object({ severity: z.string(), role: z.string(), tasks: z.array(z.object({ key: z.string(), status: z.string(), title: text })) })),
  platforms: z.array(z.object({ id: z.string(), name: text, canRollback: z.boolean(), isStoreApp: z.boolean() })),
});

export const playbookDiff = z.object({
  same: z.boolean(),
  severities: idDiff,
  roles: idDiff,
  tasks: idDiff,
  platforms: idDiff,
  otherBlocks: z.array(z.string()),
});

export const playbookProblem = z.object({
  line: z.number().int(),
  column: z.number().int(),
  /** The field concerned, e.g. `severities[0].statusUpdateEveryMinutes`; empty for YAML syntax errors. */
  path: z.string(),
  message: z.string(),
});

export const validPlaybookResponse = z.object({
  valid: z.literal(true),
  /** The version in force the diff is against. */
  baseVersion: z.number().int(),
  preview: playbookPreview,
  diff: playbookDiff,
});

export const invalidPlaybookResponse = z.object({
  valid: z.literal(false),
  errors: z.array(playbookProblem),
  error: z.object({ code: z.literal('playbook_invalid'), message: z.string(), details: z.array(playbookProblem) }),
});

export const savedPlaybookResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  /** False when the text saved was the one in force already. */
  isChanged: z.boolean(),
  /** The playbook file rewritten (path null: this server writes no file). */
  file: z.object({ path: z.string().nullable(), isWritten: z.boolean(), error: z.string().nullable() }),
});

export const playbookSourceResponse = z.object({ id: z.string(), version: z.number().int(), yaml: z.string() });

export const playbookVersionsResponse = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      versionId: z.string(),
      origin: z.enum(['file', 'web']),
      changedAt: z.string(),
      by: z.object({ id: z.string(), name: z.string() }).nullable(),
      isInForce: z.boolean(),
    }),
  ),
});

export const playbookVersionsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });
