import { charLength, fail, isObject, jsonArg, nonEmpty, ok, type SlackBody } from './args.ts';
import { blockProblems, hasInputBlock, textProblems } from './blocks.ts';
import { nowSec, type MethodContext, type MethodHandler } from './context.ts';
import { presentView } from './present.ts';
import { nextId, type SlackView } from './state.ts';

/**
 * views.open, views.update and views.publish, per their pages on docs.slack.dev/reference/methods
 * and the view object reference (docs.slack.dev/reference/views/modal-views): title, submit and
 * close are plain text of at most 24 characters, `submit` is required when an input block is in
 * the blocks, at most 100 blocks, `private_metadata` up to 3000 characters, `callback_id` and
 * `external_id` up to 255, and a view over 250 kB is `view_too_large`. An invalid view is
 * `invalid_arguments` with the problems in `response_metadata.messages`.
 */

/** "The expected format for the trigger_id argument is "132456.7890123.abcdef"." */
export const TRIGGER_ID_FORMAT = /^\d+\.\d+\.[0-9a-f]+$/;

const MAX_VIEW_BYTES = 250 * 1024;

function invalidArguments(problems: string[]): SlackBody {
  return fail('invalid_arguments', {
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  });
}

function lengthProblem(value: unknown, max: number, at: string): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'string') return [`must be a string [json-pointer:${at}]`];
  return charLength(value) > max
    ? [`must be less than ${max + 1} characters [json-pointer:${at}]`]
    : [];
}

/** Problems with a view definition of the given type, each ending in its JSON pointer. */
export function viewProblems(view: Record<string, unknown>, type: 'modal' | 'home'): string[] {
  const problems: string[] = [];
  if (view.type !== type) problems.push(`must be "${type}" [json-pointer:/view/type]`);
  if (type === 'modal') {
    problems.push(...textProblems(view.title, '/view/title', { max: 24, plainOnly: true }));
    for (const button of ['submit', 'close'] as const) {
      if (view[button] !== undefined) {
        problems.push(
          ...textProblems(view[button], `/view/${button}`, { max: 24, plainOnly: true }),
        );
      }
    }
    if (view.submit === undefined && hasInputBlock(view.blocks)) {
      problems.push(
        'submit is required when an input block is within the blocks array [json-pointer:/view/submit]',
      );
    }
  }
  problems.push(...blockProblems(view.blocks, type, '/view/blocks'));
  problems.push(...lengthProblem(view.private_metadata, 3000, '/view/private_metadata'));
  problems.push(...lengthProblem(view.callback_id, 255, '/view/callback_id'));
  problems.push(...lengthProblem(view.external_id, 255, '/view/external_id'));
  return problems;
}

/** The `view` argument parsed and checked, or the error answer. */
function viewArgument(
  ctx: MethodContext,
  type: 'modal' | 'home',
): Record<string, unknown> | SlackBody {
  const arg = jsonArg(ctx.args, 'view');
  if (arg.kind === 'absent') return invalidArguments(['missing required field: view']);
  if (arg.kind === 'invalid' || !isObject(arg.value)) {
    return invalidArguments(['failed to match all allowed schemas [json-pointer:/view]']);
  }
  if (Buffer.byteLength(JSON.stringify(arg.value)) > MAX_VIEW_BYTES) return fail('view_too_large');
  const problems = viewProblems(arg.value, type);
  if (problems.length > 0) {
    return invalidArguments([
      'failed to match all allowed schemas [json-pointer:/view]',
      ...problems,
    ]);
  }
  return arg.value;
}

function isAnswer(value: Record<string, unknown>): value is SlackBody {
  return typeof value.ok === 'boolean';
}

function newHash(ctx: MethodContext): string {
  return `${nowSec(ctx)}.${nextId(ctx.state, 'hash').slice(-7)}`;
}

/** Whether another view already uses this external id ("must be unique for all views on a team"). */
function externalIdTaken(
  ctx: MethodContext,
  externalId: string,
  except: SlackView | null,
): boolean {
  if (externalId === '') return false;
  return [...ctx.state.views.values()].some((v) => v !== except && v.externalId === externalId);
}

/** Why a trigger id cannot be exchanged, or null: format, unknown, used before, older than 3 s. */
function triggerError(ctx: MethodContext, triggerId: string | undefined): string | null {
  if (triggerId === undefined || !TRIGGER_ID_FORMAT.test(triggerId)) return 'invalid_trigger_id';
  const trigger = ctx.state.triggers.get(triggerId);
  if (!trigger) return 'invalid_trigger_id';
  if (trigger.isExchanged) return 'exchanged_trigger_id';
  if (ctx.nowMs - trigger.issuedAt > ctx.triggerTtlMs) return 'expired_trigger_id';
  return null;
}

const open: MethodHandler = (ctx) => {
  const definition = viewArgument(ctx, 'modal');
  if (isAnswer(definition)) return definition;
  const triggerId = nonEmpty(ctx.args, 'trigger_id') ?? nonEmpty(ctx.args, 'interactivity_pointer');
  const error = triggerError(ctx, triggerId);
  if (error !== null || triggerId === undefined) return fail(error ?? 'invalid_trigger_id');
  const externalId = typeof definition.external_id === 'string' ? definition.external_id : '';
  if (externalIdTaken(ctx, externalId, null)) return fail('duplicate_external_id');
  const trigger = ctx.state.triggers.get(triggerId);
  if (trigger) trigger.isExchanged = true;
  const view: SlackView = {
    id: nextId(ctx.state, 'V'),
    type: 'modal',
    userId: null,
    hash: newHash(ctx),
    externalId,
    definition,
  };
  ctx.state.views.set(view.id, view);
  return ok({ view: presentView(ctx.state, view) });
};

/** Replaces a view's definition after the hash and external id checks; the view gets a new hash. */
function replaceView(
  ctx: MethodContext,
  view: SlackView,
  definition: Record<string, unknown>,
): SlackBody {
  const hash = nonEmpty(ctx.args, 'hash');
  if (hash !== undefined && hash !== view.hash) return fail('hash_conflict');
  const externalId =
    typeof definition.external_id === 'string' ? definition.external_id : view.externalId;
  if (externalIdTaken(ctx, externalId, view)) return fail('duplicate_external_id');
  view.definition = definition;
  view.externalId = externalId;
  view.hash = newHash(ctx);
  return ok({ view: presentView(ctx.state, view) });
}

/** views.update: by `view_id` or `external_id` (`not_found` if neither matches); `hash` guards races. */
const update: MethodHandler = (ctx) => {
  const viewId = nonEmpty(ctx.args, 'view_id');
  const externalId = nonEmpty(ctx.args, 'external_id');
  if (viewId === undefined && externalId === undefined) {
    return invalidArguments(['either view_id or external_id is required']);
  }
  const view =
    viewId !== undefined
      ? ctx.state.views.get(viewId)
      : [...ctx.state.views.values()].find((v) => v.externalId === externalId);
  if (!view) return fail('not_found');
  const definition = viewArgument(ctx, view.type);
  if (isAnswer(definition)) return definition;
  return replaceView(ctx, view, definition);
};

/** views.publish: the Home tab of `user_id`, created on first publish, replaced after. */
const publish: MethodHandler = (ctx) => {
  const userId = nonEmpty(ctx.args, 'user_id');
  const user = userId === undefined ? undefined : ctx.state.users.get(userId);
  if (!user || user.deleted) return fail('user_not_found');
  const definition = viewArgument(ctx, 'home');
  if (isAnswer(definition)) return definition;
  const existing = ctx.state.views.get(ctx.state.homeViews.get(user.id) ?? '');
  if (existing) return replaceView(ctx, existing, definition);
  const externalId = typeof definition.external_id === 'string' ? definition.external_id : '';
  if (externalIdTaken(ctx, externalId, null)) return fail('duplicate_external_id');
  const view: SlackView = {
    id: nextId(ctx.state, 'V'),
    type: 'home',
    userId: user.id,
    hash: newHash(ctx),
    externalId,
    definition,
  };
  ctx.state.views.set(view.id, view);
  ctx.state.homeViews.set(user.id, view.id);
  return ok({ view: presentView(ctx.state, view) });
};

export const viewMethods: Readonly<Record<string, MethodHandler>> = {
  'views.open': open,
  'views.update': update,
  'views.publish': publish,
};
