import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Locale, Playbook } from '../../domain/playbook.ts';
import { VIEW_CALLBACKS } from './action-ids.ts';
import { slackText, type SlackMessageKey } from '../../i18n/slack-messages.ts';

/**
 * The modals hikeshi opens (Block Kit builders are presenters). Each input block's `block_id` is
 * the field name and its element's `action_id` is `value`; the modal's context (incident, report,
 * channel to answer in) travels as JSON in `private_metadata`.
 */

export interface ModalContext {
  incidentId?: string;
  reportId?: string;
  /** Where the modal was opened from: replies go there, ephemerally. */
  channelId?: string;
  platform?: string;
  role?: string;
  /** The prevention action the digest's buttons act on. */
  actionId?: string;
  kind?: 'fix' | 'rollback';
  /** The message a report was made from (its permalink is added on submission when not known yet). */
  messageTs?: string;
}

const A = 'value';

/** Slack cuts option texts at 75 characters; longer ones are refused. */
function clip(text: string, max = 75): string {
  return [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
}

function plain(text: string): { type: 'plain_text'; text: string } {
  return { type: 'plain_text', text: clip(text, 2000) };
}

function option(text: string, value: string, description?: string): PlainTextOption {
  return {
    text: { type: 'plain_text', text: clip(text) },
    value,
    ...(description ? { description: { type: 'plain_text', text: clip(description) } } : {}),
  };
}

function modal(locale: Locale, callbackId: string, title: SlackMessageKey, blocks: KnownBlock[], context: ModalContext): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(clip(slackText(locale, title), 24)),
    submit: plain(slackText(locale, 'submit')),
    close: plain(slackText(locale, 'close')),
    private_metadata: JSON.stringify(context),
    blocks,
  };
}

function textInput(
  locale: Locale,
  blockId: string,
  label: SlackMessageKey,
  options: { multiline?: boolean; optional?: boolean; initial?: string | undefined; hint?: SlackMessageKey; maxLength?: number } = {},
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(slackText(locale, label)),
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(slackText(locale, options.hint)) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: A,
      multiline: options.multiline ?? false,
      ...(options.maxLength ? { max_length: options.maxLength } : {}),
      ...(options.initial ? { initial_value: clip(options.initial, 3000) } : {}),
    },
  };
}

function severityOptions(playbook: Playbook, locale: Locale): PlainTextOption[] {
  return playbook.severities.map((s) => option(`${s.id} — ${s.name[locale]}`, s.id, s.meaning[locale]));
}

function severitySelect(playbook: Playbook, locale: Locale, optional: boolean, initial?: string | null): KnownBlock {
  const options = severityOptions(playbook, locale);
  const chosen = options.find((o) => o.value === initial);
  return {
    type: 'input',
    block_id: 'severity',
    label: plain(slackText(locale, 'severity')),
    optional,
    ...(optional ? { hint: plain(slackText(locale, 'severityHint')) } : {}),
    element: { type: 'static_select', action_id: A, options, ...(chosen ? { initial_option: chosen } : {}) },
  };
}

/** Each severity's meaning and examples from the playbook, shown above the choice. */
function severityGuide(playbook: Playbook, locale: Locale): KnownBlock[] {
  return playbook.severities.map((s) => ({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: clip(
          `*${s.id} ${s.name[locale]}* — ${s.meaning[locale]}${s.examples.length ? `\n${slackText(locale, 'examples')}: ${s.examples.map((e) => e[locale]).join(' / ')}` : ''}`,
          3000,
        ),
      },
    ],
  }));
}

function platformBoxes(playbook: Playbook, locale: Locale, initial: readonly string[] = []): KnownBlock {
  const options = playbook.platforms.map((p) => option(p.name[locale], p.id));
  const chosen = options.filter((o) => initial.includes(o.value ?? ''));
  return {
    type: 'input',
    block_id: 'platforms',
    label: plain(slackText(locale, 'platforms')),
    optional: true,
    element: { type: 'checkboxes', action_id: A, options, ...(chosen.length ? { initial_options: chosen } : {}) },
  };
}

function privateBox(locale: Locale): KnownBlock {
  return {
    type: 'input',
    block_id: 'private',
    label: plain(slackText(locale, 'isPrivate')),
    optional: true,
    element: { type: 'checkboxes', action_id: A, options: [option(slackText(locale, 'isPrivateOption'), 'private')] },
  };
}

export interface DeclarePrefill {
  title?: string | undefined;
  summary?: string | undefined;
}

/** What is happening, severity (meanings and examples inline), impact scope, platforms, private. */
export function declareModal(playbook: Playbook, locale: Locale, context: ModalContext, prefill: DeclarePrefill = {}): ModalView {
  return modal(locale, VIEW_CALLBACKS.declare, 'declareTitle', [
    textInput(locale, 'title', 'whatHappening', { initial: prefill.title, hint: 'whatHappeningHint', maxLength: 200 }),
    textInput(locale, 'summary', 'details', { multiline: true, optional: true, initial: prefill.summary }),
    ...severityGuide(playbook, locale),
    severitySelect(playbook, locale, true),
    textInput(locale, 'impact', 'impactScope', { optional: true }),
    platformBoxes(playbook, locale),
    privateBox(locale),
  ], context);
}

/** The detection stage: a report, e.g. a user inquiry pasted from a support channel. */
export function reportModal(locale: Locale, context: ModalContext, prefill: DeclarePrefill = {}): ModalView {
  return modal(locale, VIEW_CALLBACKS.report, 'reportTitle', [
    textInput(locale, 'title', 'whatHappening', { initial: prefill.title, maxLength: 200 }),
    textInput(locale, 'summary', 'details', { multiline: true, optional: true, initial: prefill.summary }),
    privateBox(locale),
  ], context);
}

export function severityModal(playbook: Playbook, locale: Locale, context: ModalContext, current: string | null): ModalView {
  return modal(locale, VIEW_CALLBACKS.severity, 'severityTitle', [
    ...severityGuide(playbook, locale),
    severitySelect(playbook, locale, false, current),
    textInput(locale, 'note', 'note', { optional: true }),
  ], context);
}

export function statusUpdateModal(locale: Locale, context: ModalContext): ModalView {
  return modal(locale, VIEW_CALLBACKS.statusUpdate, 'statusUpdateTitle', [
    textInput(locale, 'text', 'statusUpdateText', { multiline: true }),
  ], context);
}

export function releaseModal(playbook: Playbook, locale: Locale, context: ModalContext & { kind: 'fix' | 'rollback' }): ModalView {
  // Every platform is offered: a rollback where the platform cannot is refused by the guard, with its reason.
  const options = playbook.platforms.map((p) => option(p.name[locale], p.id));
  const chosen = options.find((o) => o.value === context.platform);
  return modal(locale, VIEW_CALLBACKS.release, context.kind === 'rollback' ? 'rollbackTitle' : 'releaseTitle', [
    {
      type: 'input',
      block_id: 'platform',
      label: plain(slackText(locale, 'platform')),
      element: { type: 'static_select', action_id: A, options, ...(chosen ? { initial_option: chosen } : {}) },
    },
    textInput(locale, 'note', 'note', { optional: true }),
  ], context);
}

export function cancelModal(locale: Locale, context: ModalContext): ModalView {
  return modal(locale, VIEW_CALLBACKS.cancel, 'cancelTitle', [textInput(locale, 'reason', 'reason', { multiline: true })], context);
}

export function actionModal(locale: Locale, context: ModalContext, prefill: { title?: string; ownerSlackId?: string } = {}): ModalView {
  return modal(locale, VIEW_CALLBACKS.action, 'actionTitle', [
    textInput(locale, 'title', 'actionName', { initial: prefill.title }),
    {
      type: 'input',
      block_id: 'owner',
      label: plain(slackText(locale, 'owner')),
      element: { type: 'users_select', action_id: A, ...(prefill.ownerSlackId ? { initial_user: prefill.ownerSlackId } : {}) },
    },
    { type: 'input', block_id: 'due', label: plain(slackText(locale, 'dueDate')), element: { type: 'datepicker', action_id: A } },
  ], context);
}

export function optionsModal(locale: Locale, context: ModalContext): ModalView {
  return modal(locale, VIEW_CALLBACKS.options, 'optionsTitle', [textInput(locale, 'options', 'optionsText', { multiline: true })], context);
}

export function decisionModal(locale: Locale, context: ModalContext, proposed: { key: string; title: string }[]): ModalView {
  const choice: KnownBlock[] = proposed.length
    ? [
        {
          type: 'input',
          block_id: 'option',
          optional: true,
          label: plain(slackText(locale, 'chosenOption')),
          element: { type: 'static_select', action_id: A, options: proposed.slice(0, 100).map((p) => option(p.title, p.key)) },
        },
      ]
    : [];
  return modal(locale, VIEW_CALLBACKS.decision, 'decisionTitle', [
    ...choice,
    textInput(locale, 'decision', 'decisionText'),
    textInput(locale, 'rationale', 'rationale', { multiline: true, optional: true }),
  ], context);
}

export function assignRoleModal(playbook: Playbook, locale: Locale, context: ModalContext): ModalView {
  const options = playbook.roles.map((r) => option(r.name[locale], r.id));
  const chosen = options.find((o) => o.value === context.role);
  return modal(locale, VIEW_CALLBACKS.assignRole, 'assignTitle', [
    {
      type: 'input',
      block_id: 'role',
      label: plain(slackText(locale, 'role')),
      element: { type: 'static_select', action_id: A, options, ...(chosen ? { initial_option: chosen } : {}) },
    },
    { type: 'input', block_id: 'user', label: plain(slackText(locale, 'person')), element: { type: 'users_select', action_id: A } },
  ], context);
}

export function announceModal(locale: Locale, context: ModalContext, draft: string): ModalView {
  return modal(locale, VIEW_CALLBACKS.companyAnnouncement, 'announceTitle', [
    textInput(locale, 'text', 'announceText', { multiline: true, initial: draft }),
  ], context);
}

export function dismissModal(locale: Locale, context: ModalContext): ModalView {
  return modal(locale, VIEW_CALLBACKS.dismissReport, 'dismissTitle', [textInput(locale, 'reason', 'dismissReason', { multiline: true })], context);
}

/** "Done…" on the digest: the evidence that the action is done (a link or a note). */
export function completeActionModal(locale: Locale, context: ModalContext): ModalView {
  return modal(locale, VIEW_CALLBACKS.completeAction, 'completeActionTitle', [
    textInput(locale, 'evidence', 'evidence', { multiline: true, hint: 'evidenceHint', maxLength: 2000 }),
  ], context);
}

/** "Defer…" on the digest: why the action is deferred. */
export function deferActionModal(locale: Locale, context: ModalContext): ModalView {
  return modal(locale, VIEW_CALLBACKS.deferAction, 'deferActionTitle', [
    textInput(locale, 'reason', 'deferReason', { multiline: true, maxLength: 2000 }),
  ], context);
}

/** A submitted view's state, as Slack sends it in `view.state.values`. */
export interface ViewState {
  values: Record<string, Record<string, ElementState | undefined> | undefined>;
}

interface ElementState {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[];
  selected_user?: string | null;
  selected_date?: string | null;
}

function element(state: ViewState | undefined, blockId: string): ElementState | undefined {
  return state?.values[blockId]?.[A];
}

/** A text input's value, trimmed; undefined when empty. */
export function textValue(state: ViewState | undefined, blockId: string): string | undefined {
  const value = element(state, blockId)?.value?.trim();
  return value ? value : undefined;
}

export function selectedValue(state: ViewState | undefined, blockId: string): string | undefined {
  return element(state, blockId)?.selected_option?.value ?? undefined;
}

export function selectedValues(state: ViewState | undefined, blockId: string): string[] {
  return (element(state, blockId)?.selected_options ?? []).flatMap((o) => (o.value ? [o.value] : []));
}

export function selectedUser(state: ViewState | undefined, blockId: string): string | undefined {
  return element(state, blockId)?.selected_user ?? undefined;
}

export function selectedDate(state: ViewState | undefined, blockId: string): string | undefined {
  return element(state, blockId)?.selected_date ?? undefined;
}

/** The modal's context; anything unreadable yields `{}`. */
export function readContext(privateMetadata: string | undefined): ModalContext {
  if (!privateMetadata) return {};
  try {
    const parsed: unknown = JSON.parse(privateMetadata);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') out[key] = value;
    return out;
  } catch {
    return {};
  }
}
