import type { Locale, Text } from '../domain/playbook.ts';
import { fill } from './index.ts';

/**
 * Texts hikeshi posts to Slack (incident card, announcements, reminders), in Japanese and English.
 * `{name}` placeholders are filled by `slackText`.
 */
export const slackMessages = {
  severity: { ja: '重大度', en: 'Severity' },
  status: { ja: 'ステータス', en: 'Status' },
  platforms: { ja: 'プラットフォーム', en: 'Platforms' },
  impact: { ja: '影響範囲', en: 'Impact' },
  summary: { ja: '何が起きているか', en: 'What is happening' },
  unassigned: { ja: '未割り当て', en: 'unassigned' },
  noSeverity: { ja: '未設定', en: 'not set' },
  none: { ja: 'なし', en: 'none' },
  nextSteps: { ja: '次にやること', en: 'Next steps' },
  noTasks: { ja: '未完了のタスクはありません', en: 'No open tasks' },
  blockedTitle: { ja: '「{to}」に進むために必要なこと', en: 'Before it can move to {to}' },
  readyFor: { ja: '「{to}」に進めます', en: 'Ready to move to {to}' },
  moreTasks: { ja: 'ほか {count} 件', en: '{count} more' },
  privateIncident: { ja: '非公開インシデント', en: 'Private incident' },
  cardFooter: { ja: 'hikeshi で開く: {url} ・ 更新 v{version}', en: 'Open in hikeshi: {url} · update v{version}' },
  canceledBecause: { ja: '取り消し理由: {reason}', en: 'Canceled: {reason}' },
  // buttons
  takeCommander: { ja: '指揮官を引き受ける', en: 'Take commander' },
  takeInvestigator: { ja: '調査担当を引き受ける', en: 'Take investigator' },
  assignRole: { ja: '役割を割り当てる', en: 'Assign a role' },
  changeSeverity: { ja: '重大度を変更', en: 'Change severity' },
  postStatusUpdate: { ja: '状況を報告', en: 'Post a status update' },
  recordOptions: { ja: '対応案を記録', en: 'Record options' },
  recordDecision: { ja: '方針を決定', en: 'Record the decision' },
  recordRollback: { ja: '切り戻しを記録 ({platform})', en: 'Record rollback ({platform})' },
  recordRelease: { ja: 'リリースを記録', en: 'Record a release' },
  startMonitoring: { ja: '経過観察を開始', en: 'Start monitoring' },
  confirmResolved: { ja: '収束を確認', en: 'Confirm convergence' },
  reopen: { ja: '再オープン', en: 'Reopen' },
  cancelIncident: { ja: 'インシデントを取り消す', en: 'Cancel the incident' },
  startPostmortem: { ja: 'ポストモーテムを開始', en: 'Start the postmortem' },
  addAction: { ja: '再発防止策を追加', en: 'Add a prevention action' },
  openInWeb: { ja: 'Webで開く', en: 'Open in the web app' },
  announceCompanyWide: { ja: '全社に報告する', en: 'Announce company-wide' },
  // channel
  channelTopic: {
    ja: '{severity} インシデント #{number}: {title} ({status}) {url}',
    en: '{severity} incident #{number}: {title} ({status}) {url}',
  },
  bookmarkTitle: { ja: 'インシデント #{number} (hikeshi)', en: 'Incident #{number} (hikeshi)' },
  // announcements
  announceDeclared: {
    ja: ':rotating_light: *{severity} インシデント #{number}: {title}*\n{meaning}\n影響範囲: {impact}\n対応チャンネル: {channel}',
    en: ':rotating_light: *{severity} incident #{number}: {title}*\n{meaning}\nImpact: {impact}\nChannel: {channel}',
  },
  announceSeverityChanged: {
    ja: ':arrows_counterclockwise: インシデント #{number}「{title}」の重大度が {severity} になりました。\n{meaning}\n対応チャンネル: {channel}',
    en: ':arrows_counterclockwise: Incident #{number} "{title}" is now {severity}.\n{meaning}\nChannel: {channel}',
  },
  companyWideOffer: {
    ja: ':mega: {commander} SEV1 です。全社への報告をすぐに行ってください。下書きを用意しました。ボタンで #{target} に投稿します。',
    en: ':mega: {commander} This is SEV1: report it company-wide now. A draft is ready; the button posts it to #{target}.',
  },
  companyWideDraft: {
    ja: '【SEV1 障害発生】{title}\n影響範囲: {impact}\n現在、対応チャンネル {channel} で対応中です。続報はこちらでお知らせします。詳細: {url}',
    en: '[SEV1 incident] {title}\nImpact: {impact}\nWe are responding in {channel}. Updates will follow here. Details: {url}',
  },
  convergence: {
    ja: ':white_check_mark: インシデント #{number}「{title}」は収束しました。ご対応ありがとうございました。ポストモーテムに進みます。',
    en: ':white_check_mark: Incident #{number} "{title}" has converged. Thank you all. Next: the postmortem.',
  },
  convergenceAnnounce: {
    ja: ':white_check_mark: インシデント #{number}「{title}」は収束しました。',
    en: ':white_check_mark: Incident #{number} "{title}" has converged.',
  },
  // reports
  reportPosted: {
    ja: ':mag: *報告 #{number}: {title}*\n{description}\n発生源: {source} ・ ステータス: {status}',
    en: ':mag: *Report #{number}: {title}*\n{description}\nSource: {source} · Status: {status}',
  },
  reportAssignee: { ja: '一次調査: {assignee}', en: 'Quick investigation: {assignee}' },
  reportDeclared: { ja: 'インシデント化されました', en: 'Declared as an incident' },
  reportDismissed: { ja: '見送り(改善チケット): {reason}', en: 'Dismissed (improvement ticket): {reason}' },
  claimReport: { ja: '一次調査を始める(自分が担当)', en: 'Start quick investigation (me)' },
  declareFromReport: { ja: 'インシデントとして宣言', en: 'Declare an incident' },
  dismissReport: { ja: '改善チケットとして見送る', en: 'Dismiss as improvement ticket' },
  // reminders and timers
  statusUpdateReminder: {
    ja: ':alarm_clock: {commander} 状況報告の時間です({minutes}分ごと)。「状況を報告」ボタンか `{command}` から投稿してください。',
    en: ':alarm_clock: {commander} Time for a status update (every {minutes} min). Use the "Post a status update" button or `{command}`.',
  },
  statusUpdateEscalation: {
    ja: ':warning: インシデント #{number}「{title}」({severity}) の状況報告が {minutes} 分以上ありません。指揮官: {commander} 対応チャンネル: {channel}',
    en: ':warning: Incident #{number} "{title}" ({severity}) has had no status update for over {minutes} min. Commander: {commander}. Channel: {channel}',
  },
  convergenceWatchEnded: {
    ja: ':hourglass: 経過観察の期間 ({minutes}分) が、新たなアラートや報告なしで終わりました。{commander} 収束を確認してください。',
    en: ':hourglass: The convergence watch ({minutes} min) ended with no new alert or report. {commander} please confirm convergence.',
  },
  postmortemDue: {
    ja: ':memo: {commander} インシデント #{number} のポストモーテムの期限 ({due}) です。まだ公開されていません: {url}',
    en: ':memo: {commander} The postmortem of incident #{number} is due ({due}) and not published yet: {url}',
  },
  deliveryFailed: {
    ja: 'Slack への送信をあきらめました({what}): {error}。Slack の設定(トークン、スコープ、チャンネル)を確認してください。',
    en: 'Gave up sending to Slack ({what}): {error}. Check the Slack settings (token, scopes, channels).',
  },
} satisfies Record<string, Text>;

/** What each outbox topic does, for warnings. */
const topicNames: Record<string, Text> = {
  'slack.open_channel': { ja: '専用チャンネルの作成', en: 'creating the incident channel' },
  'slack.refresh_card': { ja: 'インシデントカードの更新', en: 'updating the incident card' },
  'slack.announce': { ja: 'インシデントの告知', en: 'announcing the incident' },
  'slack.announce_convergence': { ja: '収束の告知', en: 'announcing convergence' },
  'slack.archive_channel': { ja: 'チャンネルのアーカイブ', en: 'archiving the channel' },
  'slack.invite': { ja: 'チャンネルへの招待', en: 'inviting people to the channel' },
  'slack.post_message': { ja: 'メッセージの投稿', en: 'posting a message' },
  'slack.post_report': { ja: '報告の投稿', en: 'posting a report' },
};

/** The warning shown on an incident whose side effect failed for good. */
export function deliveryFailedWarning(locale: Locale, topic: string, error: string): string {
  return slackText(locale, 'deliveryFailed', { what: topicNames[topic]?.[locale] ?? topic, error });
}

export type SlackMessageKey = keyof typeof slackMessages;

/** A Slack text in `locale` with its placeholders filled. */
export function slackText(
  locale: Locale,
  key: SlackMessageKey,
  params: Record<string, string | number> = {},
): string {
  return fill(slackMessages[key][locale], locale, params);
}
