import type { KnownBlock, Button, ActionsBlock } from '@slack/types';
import { allowedTransitions } from '../../../domain/incident-lifecycle.ts';
import type { IncidentStatus } from '../../../domain/incident.ts';
import type { NowView } from '../../../domain/now-view.ts';
import { findPlatform, findSeverity, type Locale, type Playbook } from '../../../domain/playbook.ts';
import { statusNames } from '../../../i18n/messages.ts';
import { translateBlocker } from '../../../i18n/index.ts';
import { slackText, type SlackMessageKey } from '../../../i18n/slack-messages.ts';
import { ACTION_IDS, encodeActionValue, type ActionId, type ActionValue } from '../action-ids.ts';
import { LIMITS, cut, escapeMrkdwn, person } from './mrkdwn.ts';

/**
 * The incident card: the pinned message of an incident's channel, rendered again on every change.
 * A pure function of the incident, its now view and its playbook: title, severity and its meaning,
 * status, commander and investigator, impact, each role's next steps, what blocks the next status,
 * and buttons for the actions valid in the current status (rollback only for platforms that can).
 */

export interface CardIncident {
  id: string;
  number: number;
  title: string;
  summary: string;
  impact: string;
  severity: string | null;
  status: IncidentStatus;
  platforms: string[];
  isPrivate: boolean;
  cancelReason: string | null;
  version: number;
}

export interface CardHolder {
  role: string;
  name: string;
  slackUserId: string | null;
}

export interface IncidentCardInput {
  incident: CardIncident;
  holders: CardHolder[];
  now: NowView;
  playbook: Playbook;
  locale: Locale;
  /** The incident's web page. */
  url: string;
}

export interface SlackMessageContent {
  text: string;
  blocks: KnownBlock[];
}

const MAX_TASKS_PER_ROLE = 6;

/** The card's blocks and its notification/fallback text. */
export function renderIncidentCard(input: IncidentCardInput): SlackMessageContent {
  const { incident, locale } = input;
  const title = cut(`#${incident.number} ${incident.title}`, LIMITS.header);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title, emoji: true } },
    { type: 'section', fields: summaryFields(input) },
  ];
  if (incident.summary.trim()) blocks.push(textSection('summary', locale, incident.summary));
  blocks.push(textSection('impact', locale, incident.impact.trim() || slackText(locale, 'none')));
  if (incident.status === 'canceled' && incident.cancelReason)
    blocks.push(plainSection(slackText(locale, 'canceledBecause', { reason: escapeMrkdwn(incident.cancelReason) })));
  blocks.push({ type: 'divider' });
  blocks.push(...roleSections(input));
  const blockers = blockerSection(input);
  if (blockers) blocks.push(blockers);
  blocks.push(...actionBlocks(input));
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: cut(slackText(locale, 'cardFooter', { url: input.url, version: incident.version }), LIMITS.sectionText) }],
  });
  const text = cut(
    `${incident.severity ?? ''} #${incident.number} ${incident.title} (${statusNames[incident.status]?.[locale] ?? incident.status})`.trim(),
    LIMITS.fallbackText,
  );
  return { text, blocks: blocks.slice(0, LIMITS.blocks) };
}

function summaryFields(input: IncidentCardInput) {
  const { incident, locale, playbook } = input;
  const severity = incident.severity ? findSeverity(playbook, incident.severity) : undefined;
  const severityText = severity
    ? `*${escapeMrkdwn(severity.name[locale])}* — ${escapeMrkdwn(severity.meaning[locale])}`
    : slackText(locale, 'noSeverity');
  const holder = (role: string) => input.holders.find((h) => h.role === role);
  const roleName = (role: string) => playbook.roles.find((r) => r.id === role)?.name[locale] ?? role;
  const platforms = incident.platforms.map((p) => findPlatform(playbook, p)?.name[locale] ?? p).join(', ');
  const fields = [
    field(slackText(locale, 'severity'), severityText),
    field(slackText(locale, 'status'), statusNames[incident.status]?.[locale] ?? incident.status),
    ...['commander', 'investigator']
      .filter((role) => playbook.roles.some((r) => r.id === role))
      .map((role) => field(escapeMrkdwn(roleName(role)), person(holder(role), `_${slackText(locale, 'unassigned')}_`))),
  ];
  if (platforms) fields.push(field(slackText(locale, 'platforms'), escapeMrkdwn(platforms)));
  if (incident.isPrivate) fields.push(field(':lock:', slackText(locale, 'privateIncident')));
  return fields.slice(0, LIMITS.fields);
}

function field(label: string, value: string) {
  return { type: 'mrkdwn' as const, text: cut(`*${label}*\n${value}`, LIMITS.field) };
}

function textSection(label: SlackMessageKey, locale: Locale, body: string): KnownBlock {
  return plainSection(`*${slackText(locale, label)}*\n${escapeMrkdwn(body)}`);
}

function plainSection(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(text, LIMITS.sectionText) } };
}

/** Per role: holder, duty at this severity, open tasks (current status first). */
function roleSections(input: IncidentCardInput): KnownBlock[] {
  const { locale } = input;
  return input.now.roles.map((role) => {
    const holder = input.holders.find((h) => h.role === role.role);
    const head = `*${escapeMrkdwn(role.name[locale])}* · ${person(holder, `_${slackText(locale, 'unassigned')}_`)}`;
    const duty = role.duty ? `\n_${escapeMrkdwn(role.duty[locale])}_` : '';
    const shown = role.tasks.slice(0, MAX_TASKS_PER_ROLE);
    const lines = shown.map((t) => `• ${escapeMrkdwn(t.title[locale])}`);
    if (role.tasks.length > shown.length)
      lines.push(`• ${slackText(locale, 'moreTasks', { count: role.tasks.length - shown.length })}`);
    const tasks = lines.length > 0 ? lines.join('\n') : `_${slackText(locale, 'noTasks')}_`;
    return plainSection(`${head}${duty}\n*${slackText(locale, 'nextSteps')}*\n${tasks}`);
  });
}

function blockerSection(input: IncidentCardInput): KnownBlock | undefined {
  const { now, locale } = input;
  if (now.next === null) return undefined;
  if (now.blockers.length === 0) return plainSection(`:large_green_circle: ${slackText(locale, 'readyFor', { to: now.next })}`);
  const lines = now.blockers.map((b) => `• ${escapeMrkdwn(translateBlocker(locale, b))}`);
  return plainSection(`:no_entry: *${slackText(locale, 'blockedTitle', { to: now.next })}*\n${lines.join('\n')}`);
}

/**
 * The buttons valid in the current status, at most 25 per actions block, and no action_id twice
 * in a block (Slack requires action_id to be unique in its block): a second rollback button (two
 * platforms that can roll back) goes to the next block.
 */
function actionBlocks(input: IncidentCardInput): ActionsBlock[] {
  const groups: Button[][] = [];
  for (const b of cardButtons(input)) {
    const group = groups.find((g) => g.length < LIMITS.actionsElements && !g.some((o) => o.action_id === b.action_id));
    if (group) group.push(b);
    else groups.push([b]);
  }
  return groups.map((elements, i) => ({ type: 'actions', block_id: `hikeshi:card:actions:${i}`, elements }));
}

/** Which buttons the card offers, in the order a responder needs them. */
export function cardButtons(input: IncidentCardInput): Button[] {
  const { incident, playbook, locale } = input;
  const status = incident.status;
  const id = incident.id;
  const can = (to: IncidentStatus) => allowedTransitions(status).includes(to);
  const isActive = status === 'triage' || status === 'responding' || status === 'monitoring';
  const holds = (role: string) => input.holders.some((h) => h.role === role);
  const out: Button[] = [];
  const add = (actionId: ActionId, label: SlackMessageKey, value: ActionValue = {}, style?: 'primary' | 'danger', params: Record<string, string> = {}) =>
    out.push(button(actionId, slackText(locale, label, params), { incidentId: id, ...value }, style));

  if (isActive && !holds('commander')) add(ACTION_IDS.takeCommander, 'takeCommander', { role: 'commander' }, 'primary');
  if (isActive && !holds('investigator')) add(ACTION_IDS.takeInvestigator, 'takeInvestigator', { role: 'investigator' });
  if (status === 'responding' || status === 'monitoring') add(ACTION_IDS.postStatusUpdate, 'postStatusUpdate', {}, holds('commander') ? 'primary' : undefined);
  if (status === 'responding') {
    add(ACTION_IDS.recordOptions, 'recordOptions');
    add(ACTION_IDS.recordDecision, 'recordDecision');
    for (const platformId of incident.platforms) {
      const platform = findPlatform(playbook, platformId);
      if (platform?.canRollback)
        add(ACTION_IDS.recordRollback, 'recordRollback', { platform: platform.id }, undefined, { platform: platform.name[locale] });
    }
    add(ACTION_IDS.recordRelease, 'recordRelease');
  }
  // Offered once nothing blocks it (a release or rollback recorded): the card lists what is missing.
  if (status === 'responding' && can('monitoring') && input.now.next === 'monitoring' && input.now.blockers.length === 0) add(ACTION_IDS.startMonitoring, 'startMonitoring');
  if (status === 'monitoring' && can('resolved')) add(ACTION_IDS.confirmResolved, 'confirmResolved', {}, 'primary');
  if (status === 'resolved' && can('postmortem')) add(ACTION_IDS.startPostmortem, 'startPostmortem', {}, 'primary');
  if (status === 'postmortem' || status === 'follow_up') add(ACTION_IDS.addAction, 'addAction');
  if (isActive || status === 'resolved') add(ACTION_IDS.assignRole, 'assignRole');
  if (isActive) add(ACTION_IDS.changeSeverity, 'changeSeverity');
  if ((status === 'monitoring' || status === 'resolved') && can('responding')) add(ACTION_IDS.reopen, 'reopen');
  if (can('canceled')) add(ACTION_IDS.cancelIncident, 'cancelIncident', {}, 'danger');
  out.push({
    type: 'button',
    action_id: ACTION_IDS.openInWeb,
    text: { type: 'plain_text', text: cut(slackText(locale, 'openInWeb'), LIMITS.buttonText), emoji: true },
    url: input.url,
    value: encodeActionValue({ incidentId: id }),
  });
  return out;
}

function button(actionId: ActionId, label: string, value: ActionValue, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: cut(label, LIMITS.buttonText), emoji: true },
    value: encodeActionValue(value),
    ...(style ? { style } : {}),
  };
}
