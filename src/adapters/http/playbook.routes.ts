import { basename } from 'node:path';
import { z } from 'zod';
import { isMutablePlaybookRegistry } from '../../app/playbook-registry.ts';
import { listPlaybookHistory, playbookSourceInForce } from '../../app/playbook/playbook-history.ts';
import { savePlaybook } from '../../app/playbook/save-playbook.ts';
import { parsePlaybook, PlaybookFileError, type LoadedPlaybook } from '../../config/load-playbook.ts';
import { writePlaybookFile } from '../../config/playbook-file.ts';
import { diffPlaybooks, previewPlaybook } from '../../domain/playbook-preview.ts';
import type { Locale } from '../../domain/playbook.ts';
import { query, run } from './caller.ts';
import {
  invalidPlaybookResponse,
  playbookSourceResponse,
  playbookVersionsQuery,
  playbookVersionsResponse,
  savedPlaybookResponse,
  savePlaybookBody,
  validatePlaybookBody,
  validPlaybookResponse,
} from './playbook.schemas.ts';
import { defineRoute, type RouteContext } from './route.ts';

const playbookResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  playbook: z.record(z.string(), z.unknown()),
});

const tags = ['playbook'];

const INVALID_MESSAGE: Record<Locale, (count: number) => string> = {
  en: (count) => `The playbook has ${count} problem${count === 1 ? '' : 's'}; nothing was saved.`,
  ja: (count) => `プレイブックに ${count} 件の問題があります。保存していません。`,
};

/** The name problems are reported against: the playbook file's own name. */
function fileName(ctx: Pick<RouteContext, 'deps'>): string {
  return basename(ctx.deps.config.playbookFile ?? 'hikeshi.yaml');
}

type Checked = { ok: true; loaded: LoadedPlaybook } | { ok: false; body: z.infer<typeof invalidPlaybookResponse> };

/** The start-up loader's checks on the posted text (YAML, schema, cross-references), problems in the caller's language. */
function check(ctx: Pick<RouteContext, 'deps' | 'locale'>, yaml: string): Checked {
  try {
    return { ok: true, loaded: parsePlaybook(yaml, fileName(ctx), ctx.locale) };
  } catch (error) {
    if (!(error instanceof PlaybookFileError)) throw error;
    const errors = error.problems.map((p) => ({ line: p.line, column: p.column, path: p.field, message: p.message }));
    return {
      ok: false,
      body: { valid: false, errors, error: { code: 'playbook_invalid', message: INVALID_MESSAGE[ctx.locale](errors.length), details: errors } },
    };
  }
}

const invalid = { 422: { description: 'The text is not a usable playbook: every problem with its line, column and field', schema: invalidPlaybookResponse } };

/** The playbook in force: read (everyone), and for admins its YAML, validation with preview, saving, history. */
export const playbookRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/playbook',
    operationId: 'getPlaybook',
    summary: 'The playbook in force (new incidents run under this version)',
    tags,
    auth: 'viewer',
    responses: { 200: { description: 'The playbook', schema: playbookResponse } },
    handler(ctx) {
      const current = ctx.deps.app.playbooks.current();
      return { id: current.id, version: current.version, playbook: { ...current.playbook } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/playbook/source',
    operationId: 'getPlaybookSource',
    summary: 'The YAML text of the playbook in force, comments kept, for the editor (admins)',
    tags,
    auth: 'admin',
    responses: { 200: { description: 'The version and its text', schema: playbookSourceResponse } },
    async handler(ctx) {
      const { id, version, source } = await query(ctx, playbookSourceInForce, undefined);
      return { id, version, yaml: source };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/playbook/validate',
    operationId: 'validatePlaybook',
    summary: 'Check a playbook text as start-up does; when usable, a preview and what it changes against the version in force (admins)',
    tags,
    auth: 'admin',
    body: validatePlaybookBody,
    responses: { 200: { description: 'Usable: the preview and the diff', schema: validPlaybookResponse }, ...invalid },
    handler(ctx) {
      const checked = check(ctx, ctx.body.yaml);
      if (!checked.ok) {
        ctx.reply.code(422);
        return checked.body;
      }
      const current = ctx.deps.app.playbooks.current();
      const next = checked.loaded.playbook;
      return { valid: true as const, baseVersion: current.version, preview: previewPlaybook(next), diff: diffPlaybooks(current.playbook, next) };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/playbook',
    operationId: 'savePlaybook',
    summary: 'Put an edited playbook in force for new incidents, in every process, and write it to the playbook file (admins)',
    tags,
    auth: 'admin',
    body: savePlaybookBody,
    responses: {
      200: { description: 'In force', schema: savedPlaybookResponse },
      409: { description: 'Another version was saved since baseVersion; `details.currentVersion` names it' },
      ...invalid,
    },
    async handler(ctx) {
      const checked = check(ctx, ctx.body.yaml);
      if (!checked.ok) {
        ctx.reply.code(422);
        return checked.body;
      }
      const saved = await run(ctx, savePlaybook, { checked: checked.loaded, baseVersion: ctx.body.baseVersion });
      const registry = ctx.deps.app.playbooks;
      // This process at once; the others on the NOTIFY of the change (playbook-sync.ts).
      if (isMutablePlaybookRegistry(registry)) registry.setCurrent({ id: saved.id, version: saved.version, playbook: saved.playbook });
      const path = ctx.deps.config.playbookFile ?? null;
      let error: string | null = null;
      if (path !== null && saved.isChanged) {
        try {
          await writePlaybookFile(path, ctx.body.yaml);
        } catch (cause) {
          // In force anyway; at start-up the stale file does not undo it (docs/playbook.md).
          error = cause instanceof Error ? cause.message : String(cause);
          ctx.request.log.warn({ err: cause, path }, 'could not write the playbook file');
        }
      }
      return { id: saved.id, version: saved.version, isChanged: saved.isChanged, file: { path, isWritten: path !== null && saved.isChanged && error === null, error } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/playbook/versions',
    operationId: 'listPlaybookVersions',
    summary: 'Who put which playbook version in force and when, newest first (admins)',
    tags,
    auth: 'admin',
    query: playbookVersionsQuery,
    responses: { 200: { description: 'The changes', schema: playbookVersionsResponse } },
    async handler(ctx) {
      const changes = await query(ctx, listPlaybookHistory, { limit: ctx.query.limit });
      return {
        items: changes.map((c, index) => ({
          version: c.version,
          versionId: c.versionId,
          origin: c.origin,
          changedAt: c.changedAt.toISOString(),
          by: c.by,
          isInForce: index === 0,
        })),
      };
    },
  }),
];
