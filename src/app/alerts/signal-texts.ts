import type { Locale } from '../../domain/playbook.ts';
import type { UseCaseContext } from '../context.ts';

/** Messages posted to an incident's channel when its alerts speak (Japanese and English). */
const TEXTS = {
  ready: {
    ja: '{mention}関連アラートがすべて解消し、{minutes} 分間新しいアラートも報告もありません。収束したと判断できれば「解決」にしてください。',
    en: '{mention}Every related alert has resolved and nothing new came for {minutes} minutes: the incident is ready to resolve if you agree it has converged.',
  },
  firing_in_watch: {
    ja: '{mention}経過観察中に新しいアラートが発生しました: {title}',
    en: '{mention}A new alert fired during the watch window: {title}',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type SignalText = keyof typeof TEXTS;

/** The text in `locale`, addressed to the commander when they have a Slack id. */
export async function convergenceText(
  ctx: UseCaseContext,
  incidentId: string,
  key: SignalText,
  locale: Locale,
  params: Record<string, string | number>,
): Promise<string> {
  const commander = await ctx.tx
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select('u.slack_user_id')
    .where('ra.incident_id', '=', incidentId)
    .where('ra.role', '=', 'commander')
    .where('ra.ended_at', 'is', null)
    .executeTakeFirst();
  const mention = commander?.slack_user_id ? `<@${commander.slack_user_id}> ` : '';
  let text: string = TEXTS[key][locale].replace('{mention}', mention);
  for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}
