import type { App, SlackViewAction, ViewOutput } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { announceCompanyWide, postStatusUpdate } from '../../app/incidents/post-status-update.ts';
import { createAction } from '../../app/actions/create-action.ts';
import { runUseCase } from '../../app/context.ts';
import { assignRole } from '../../app/incidents/assign-role.ts';
import { changeSeverity } from '../../app/incidents/change-severity.ts';
import { changeIncidentStatus } from '../../app/incidents/change-status.ts';
import { proposeOptions, recordDecision } from '../../app/incidents/decisions.ts';
import { recordRelease } from '../../app/incidents/record-release.ts';
import { dismissReport } from '../../app/reports/dismiss-report.ts';
import { checkEvidence } from '../../app/actions/update-action.ts';
import { createReportOnce, declareFromReportOnce, declareIncidentOnce, settleActionOnce } from '../../app/slack/submit-once.ts';
import { isDomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/playbook.ts';
import { VIEW_CALLBACKS } from './action-ids.ts';
import { act, quickLocale, whoIs, type ReplyTo, type SlackDeps, type Someone } from './context.ts';
import * as m from './modals.ts';
import { slackText, type SlackMessageKey } from '../../i18n/slack-messages.ts';
import { translate } from '../../i18n/index.ts';

/**
 * Modal submissions (view_submission). Required fields are checked before the ack (an error
 * shows under the field); everything else runs after it: the modal closes at once, and the
 * result — done, or the guard's refusal in the user's language — reaches the user ephemerally in
 * the channel the modal came from (or by DM).
 */

interface Submission {
  client: WebClient;
  view: ViewOutput;
  state: m.ViewState;
  context: m.ModalContext;
  to: ReplyTo;
}

interface ViewHandler {
  /** Block ids that must not be empty. */
  required: string[];
  /** Checks the fields' form before the ack (no database): the message per block id, or null. */
  validate?(state: m.ViewState, locale: Locale): Record<string, string> | null;
  run(deps: SlackDeps, s: Submission, who: Someone): Promise<string | null>;
}

function done(locale: Locale, what: SlackMessageKey): string {
  return slackText(locale, 'done', { what: slackText(locale, what) });
}

/** The submission key: one view, one hash — Slack's retries and double clicks carry the same. */
function submissionKey(view: ViewOutput): string {
  return `view:${view.id}:${view.hash}`;
}

function declareInput(s: Submission) {
  const severity = m.selectedValue(s.state, 'severity');
  return {
    title: m.textValue(s.state, 'title') ?? '',
    summary: m.textValue(s.state, 'summary'),
    impact: m.textValue(s.state, 'impact'),
    severity,
    platforms: m.selectedValues(s.state, 'platforms'),
    isPrivate: m.selectedValues(s.state, 'private').includes('private'),
  };
}

const incident = (s: Submission): string => s.context.incidentId ?? '';

export const VIEW_HANDLERS: Record<string, ViewHandler> = {
  [VIEW_CALLBACKS.declare]: {
    required: ['title'],
    async run(deps, s, who) {
      const input = declareInput(s);
      const key = submissionKey(s.view);
      const made = s.context.reportId
        ? await runUseCase(deps.app, who.actor, declareFromReportOnce, { key, input: { ...input, reportId: s.context.reportId } })
        : await runUseCase(deps.app, who.actor, declareIncidentOnce, { key, input });
      if (!made?.isNew) return null; // an earlier delivery of this submission answered already
      return slackText(who.locale, 'declared', { number: made.number ?? '', title: input.title });
    },
  },
  [VIEW_CALLBACKS.report]: {
    required: ['title'],
    async run(deps, s, who) {
      const title = m.textValue(s.state, 'title') ?? '';
      let description = m.textValue(s.state, 'summary') ?? '';
      if (s.context.channelId && s.context.messageTs && !description.includes('slack.com/archives')) {
        const link = await s.client.chat
          .getPermalink({ channel: s.context.channelId, message_ts: s.context.messageTs })
          .then((r) => r.permalink ?? '')
          .catch(() => '');
        if (link) description = description ? `${description}\n\n${link}` : link;
      }
      const made = await runUseCase(deps.app, who.actor, createReportOnce, {
        key: submissionKey(s.view),
        input: { source: 'inquiry', title, description, isPrivate: m.selectedValues(s.state, 'private').includes('private') },
      });
      if (!made?.isNew) return null;
      return slackText(who.locale, 'reported', { number: made.number ?? '', title });
    },
  },
  [VIEW_CALLBACKS.severity]: {
    required: ['severity'],
    async run(deps, s, who) {
      await runUseCase(deps.app, who.actor, changeSeverity, { incidentId: incident(s), severity: m.selectedValue(s.state, 'severity') ?? '', note: m.textValue(s.state, 'note') });
      return done(who.locale, 'actSeverity');
    },
  },
  [VIEW_CALLBACKS.statusUpdate]: {
    required: ['text'],
    async run(deps, s, who) {
      await runUseCase(deps.app, who.actor, postStatusUpdate, { incidentId: incident(s), text: m.textValue(s.state, 'text') ?? '' });
      return done(who.locale, 'actStatusUpdate');
    },
  },
  [VIEW_CALLBACKS.release]: {
    required: ['platform'],
    async run(deps, s, who) {
      const kind = s.context.kind === 'rollback' ? 'rollback' : 'fix';
      await runUseCase(deps.app, who.actor, recordRelease, { incidentId: incident(s), platform: m.selectedValue(s.state, 'platform') ?? '', kind, note: m.textValue(s.state, 'note') });
      return done(who.locale, kind === 'rollback' ? 'actRollback' : 'actRelease');
    },
  },
  [VIEW_CALLBACKS.cancel]: {
    required: ['reason'],
    async run(deps, s, who) {
      await runUseCase(deps.app, who.actor, changeIncidentStatus, { incidentId: incident(s), status: 'canceled', note: m.textValue(s.state, 'reason') });
      return done(who.locale, 'actCancel');
    },
  },
  [VIEW_CALLBACKS.action]: {
    required: ['title', 'owner', 'due'],
    async run(deps, s, who) {
      const owner = await whoIs(deps, s.client, m.selectedUser(s.state, 'owner') ?? '');
      await runUseCase(deps.app, who.actor, createAction, {
        incidentId: incident(s),
        title: m.textValue(s.state, 'title') ?? '',
        ownerId: owner.user.id,
        dueDate: m.selectedDate(s.state, 'due') ?? '',
      });
      return done(who.locale, 'actAction');
    },
  },
  [VIEW_CALLBACKS.options]: {
    required: ['options'],
    async run(deps, s, who) {
      const lines = (m.textValue(s.state, 'options') ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
      const options = lines.map((title, i) => ({ key: `option-${i + 1}`, title }));
      await runUseCase(deps.app, who.actor, proposeOptions, { incidentId: incident(s), options });
      return done(who.locale, 'actOptions');
    },
  },
  [VIEW_CALLBACKS.decision]: {
    required: ['decision'],
    async run(deps, s, who) {
      await runUseCase(deps.app, who.actor, recordDecision, {
        incidentId: incident(s),
        optionKey: m.selectedValue(s.state, 'option'),
        decision: m.textValue(s.state, 'decision') ?? '',
        rationale: m.textValue(s.state, 'rationale'),
      });
      return done(who.locale, 'actDecision');
    },
  },
  [VIEW_CALLBACKS.assignRole]: {
    required: ['role', 'user'],
    async run(deps, s, who) {
      const person = await whoIs(deps, s.client, m.selectedUser(s.state, 'user') ?? '');
      await runUseCase(deps.app, who.actor, assignRole, { incidentId: incident(s), role: m.selectedValue(s.state, 'role') ?? '', userId: person.user.id });
      return done(who.locale, 'actAssign');
    },
  },
  [VIEW_CALLBACKS.companyAnnouncement]: {
    required: ['text'],
    async run(deps, s, who) {
      await runUseCase(deps.app, who.actor, announceCompanyWide, { incidentId: incident(s), text: m.textValue(s.state, 'text') ?? '' });
      return done(who.locale, 'actAnnounce');
    },
  },
  [VIEW_CALLBACKS.completeAction]: {
    required: ['evidence'],
    validate(state, locale) {
      try {
        checkEvidence(m.textValue(state, 'evidence') ?? '');
        return null;
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return { evidence: translate(locale, error.code, error.params) };
      }
    },
    async run(deps, s, who) {
      const isNew = await runUseCase(deps.app, who.actor, settleActionOnce, {
        key: submissionKey(s.view),
        input: { actionId: s.context.actionId ?? '', status: 'done', evidence: m.textValue(s.state, 'evidence') ?? '' },
      });
      return isNew ? done(who.locale, 'actCompleteAction') : null;
    },
  },
  [VIEW_CALLBACKS.deferAction]: {
    required: ['reason'],
    async run(deps, s, who) {
      const isNew = await runUseCase(deps.app, who.actor, settleActionOnce, {
        key: submissionKey(s.view),
        input: { actionId: s.context.actionId ?? '', status: 'deferred', reason: m.textValue(s.state, 'reason') ?? '' },
      });
      return isNew ? done(who.locale, 'actDeferAction') : null;
    },
  },
  [VIEW_CALLBACKS.dismissReport]: {
    required: ['reason'],
    async run(deps, s, who) {
      await runUseCase(deps.app, who.actor, dismissReport, { reportId: s.context.reportId ?? '', reason: m.textValue(s.state, 'reason') ?? '' });
      return done(who.locale, 'actDismiss');
    },
  },
};

/** Fields left empty, as Slack's `response_action: errors` wants them. */
function missingFields(state: m.ViewState, required: readonly string[]): string[] {
  const missing: string[] = [];
  for (const blockId of required) {
    const isFilled =
      m.textValue(state, blockId) !== undefined ||
      m.selectedValue(state, blockId) !== undefined ||
      m.selectedUser(state, blockId) !== undefined ||
      m.selectedDate(state, blockId) !== undefined;
    if (!isFilled) missing.push(blockId);
  }
  return missing;
}

/** Registers one listener per modal. */
export function registerSubmissions(bolt: App, deps: SlackDeps): void {
  for (const [callbackId, handler] of Object.entries(VIEW_HANDLERS)) {
    bolt.view<SlackViewAction>(callbackId, async ({ ack, body, view, client }) => {
      const state = view.state as m.ViewState;
      // Slack checks required inputs itself; only a forged or broken payload reads the database before the ack.
      const missing = missingFields(state, handler.required);
      if (missing.length > 0) {
        const locale = await quickLocale(deps, body.user.id);
        await ack({ response_action: 'errors', errors: Object.fromEntries(missing.map((b) => [b, slackText(locale, 'required')])) });
        return;
      }
      if (handler.validate) {
        const invalid = handler.validate(state, deps.app.playbooks.current().playbook.workspace.defaultLocale);
        if (invalid) {
          const locale = await quickLocale(deps, body.user.id);
          await ack({ response_action: 'errors', errors: handler.validate(state, locale) ?? invalid });
          return;
        }
      }
      await ack();
      const context = m.readContext(view.private_metadata);
      const to: ReplyTo = { user: body.user.id, channel: context.channelId };
      await act(deps, client, to, (who) => handler.run(deps, { client, view, state, context, to }, who));
    });
  }
}
