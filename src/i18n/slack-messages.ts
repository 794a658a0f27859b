import type { Locale, Text } from '../domain/playbook.ts';
import { fill } from './index.ts';

/**
 * Every text hikeshi shows in Slack, in Japanese and English: what it posts (incident card,
 * announcements, reminders) and what it answers (modals, slash-command replies, App Home). The one
 * catalogue and its one lookup, `slackText`; `{name}` placeholders are filled by it.
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
  // postmortem news in the incident channel
  postmortemOpened: {
    ja: ':memo: インシデント #{number} のポストモーテムを開始しました。下書き(タイムラインは記入済み): {url}',
    en: ':memo: The postmortem of incident #{number} is open; the draft (timeline prefilled): {url}',
  },
  postmortemReviewRequested: {
    ja: ':eyes: {reviewers} インシデント #{number} のポストモーテムのレビューをお願いします: {url}',
    en: ':eyes: {reviewers} please review the postmortem of incident #{number}: {url}',
  },
  postmortemPublished: {
    ja: ':white_check_mark: インシデント #{number} のポストモーテムを公開しました: {url}',
    en: ':white_check_mark: The postmortem of incident #{number} is published: {url}',
  },
  // Conversations in Slack: modals, slash-command answers, ephemeral replies, App Home
  // (severity, platforms and the declare title are shared with the card above).
  declareTitle: { ja: 'インシデントを宣言', en: 'Declare an incident' },
  reportTitle: { ja: 'インシデントを報告', en: 'Report an incident' },
  submit: { ja: '送信', en: 'Submit' },
  close: { ja: 'キャンセル', en: 'Cancel' },
  whatHappening: { ja: '何が起きていますか', en: 'What is happening' },
  whatHappeningHint: { ja: '例: 決済画面でエラーが出て購入できない', en: 'e.g. checkout fails with an error, nobody can pay' },
  details: { ja: '詳細', en: 'Details' },
  severityHint: { ja: '分からなければ空欄のまま(トリアージで決めます)', en: 'Leave empty if unsure (decided in triage)' },
  impactScope: { ja: '影響範囲', en: 'Impact scope' },
  isPrivate: { ja: '非公開', en: 'Private' },
  isPrivateOption: { ja: '非公開のインシデントにする(メンバーだけが見られます)', en: 'Make the incident private (members only)' },
  examples: { ja: '例', en: 'Examples' },
  source: { ja: '元のメッセージ', en: 'Source message' },
  severityTitle: { ja: '重大度の変更', en: 'Change severity' },
  note: { ja: 'メモ', en: 'Note' },
  statusUpdateTitle: { ja: '状況の共有', en: 'Status update' },
  statusUpdateText: { ja: '今の状況', en: 'Current status' },
  releaseTitle: { ja: 'リリースの記録', en: 'Record a release' },
  rollbackTitle: { ja: 'ロールバックの記録', en: 'Record a rollback' },
  platform: { ja: 'プラットフォーム', en: 'Platform' },
  cancelTitle: { ja: 'インシデントの取り消し', en: 'Cancel the incident' },
  reason: { ja: '理由', en: 'Reason' },
  actionTitle: { ja: '再発防止策の追加', en: 'Add a prevention action' },
  actionName: { ja: '内容', en: 'Title' },
  owner: { ja: '担当者', en: 'Owner' },
  dueDate: { ja: '期限', en: 'Due date' },
  optionsTitle: { ja: '対応案', en: 'Response options' },
  optionsText: { ja: '対応案(1行に1つ)', en: 'Options (one per line)' },
  decisionTitle: { ja: '方針の決定', en: 'Decision' },
  decisionText: { ja: '決定', en: 'Decision' },
  rationale: { ja: '理由', en: 'Rationale' },
  chosenOption: { ja: '選んだ対応案', en: 'Chosen option' },
  assignTitle: { ja: '役割の割り当て', en: 'Assign a role' },
  role: { ja: '役割', en: 'Role' },
  person: { ja: '担当者', en: 'Person' },
  announceTitle: { ja: '全社への報告', en: 'Company-wide' },
  announceText: { ja: '投稿するメッセージ', en: 'Message to post' },
  announceDraft: {
    ja: '【障害報告】{title}\n重大度: {severity}\n影響: {impact}\n現在対応中です。続報はインシデントチャンネルでお知らせします。',
    en: '[Incident] {title}\nSeverity: {severity}\nImpact: {impact}\nWe are working on it; updates follow in the incident channel.',
  },
  dismissTitle: { ja: '報告の見送り', en: 'Dismiss the report' },
  dismissReason: { ja: 'インシデントではない理由(改善チケットになります)', en: 'Why it is not an incident (becomes an improvement ticket)' },
  required: { ja: '入力してください', en: 'Please fill this in' },
  declared: { ja: 'インシデント #{number}「{title}」を宣言しました。', en: 'Declared incident #{number} "{title}".' },
  // morning digest buttons and their modals
  digestDone: { ja: '完了…', en: 'Done…' },
  digestDefer: { ja: '延期…', en: 'Defer…' },
  digestMore: { ja: 'ほか {count} 件は Web で: {url}', en: '{count} more on the web: {url}' },
  // the digest kept current after it is posted (slack.refresh_digest)
  digestSettledHeading: { ja: '*今朝の一覧から片付いたもの*', en: '*Settled since this morning*' },
  digestSettledDone: { ja: '✅ ~{title}~ — #{number} · {owner} · 完了', en: '✅ ~{title}~ — #{number} · {owner} · done' },
  digestSettledDeferred: { ja: '⏸ ~{title}~ — #{number} · {owner} · 延期: {reason}', en: '⏸ ~{title}~ — #{number} · {owner} · deferred: {reason}' },
  digestUpdatedAt: { ja: '{time} 時点の状態に更新しました', en: 'Updated to the state at {time}' },
  completeActionTitle: { ja: '再発防止策を完了にする', en: 'Mark the action done' },
  deferActionTitle: { ja: '再発防止策を延期する', en: 'Defer the action' },
  evidence: { ja: '証跡（リンクかメモ）', en: 'Evidence (a link or a note)' },
  evidenceHint: { ja: 'PR やチケットの URL、または何をしたかのメモ（3 文字以上）', en: 'The URL of a PR or ticket, or a note of what was done (3 characters or more)' },
  deferReason: { ja: '延期する理由', en: 'Why it is deferred' },
  actCompleteAction: { ja: '再発防止策を完了に', en: 'the action is marked done' },
  actDeferAction: { ja: '再発防止策を延期', en: 'the action is deferred' },
  alreadyDeclared: { ja: 'この送信ではすでにインシデントが宣言されています。', en: 'This submission already declared an incident.' },
  reported: { ja: '報告 #{number}「{title}」を受け付けました。トリアージチャンネルに投稿されます。', en: 'Report #{number} "{title}" recorded; it will be posted to the triage channel.' },
  done: { ja: '{what}しました。', en: 'Done: {what}.' },
  notInIncidentChannel: {
    ja: 'このコマンドはインシデントのチャンネルで使ってください。',
    en: 'Use this command in an incident channel.',
  },
  unknownSubcommand: { ja: '「{sub}」は分かりません。`{command} help` で使い方を表示します。', en: 'Unknown subcommand "{sub}". Try `{command} help`.' },
  needsUser: { ja: '相手を @ で指定してください(例: `{command} {sub} @name`)。', en: 'Name someone with @ (e.g. `{command} {sub} @name`).' },
  needsText: { ja: '内容を書いてください(例: `{command} {sub} …`)。', en: 'Add the text (e.g. `{command} {sub} …`).' },
  pinned: { ja: 'メッセージをタイムラインに追加しました。', en: 'Added the message to the timeline.' },
  slackUnavailable: { ja: 'Slack から情報を取得できませんでした。しばらくしてからもう一度お試しください。', en: 'Could not read from Slack; please try again shortly.' },
  homeMyRoles: { ja: 'あなたの役割とタスク', en: 'Your roles and tasks' },
  homeNoRoles: { ja: '担当している進行中のインシデントはありません。', en: 'You hold no role in an open incident.' },
  homeActive: { ja: '進行中のインシデント', en: 'Active incidents' },
  homeNoActive: { ja: '進行中のインシデントはありません。', en: 'No active incident.' },
  homeReports: { ja: '一次調査を待っている報告', en: 'Reports awaiting a quick investigation' },
  homeNoReports: { ja: '待っている報告はありません。', en: 'No report is waiting.' },
  homeClaim: { ja: '一次調査を始める', en: 'Start investigating' },
  homeTitle: { ja: 'hikeshi', en: 'hikeshi' },
  nowTitle: { ja: '#{number} {title} — {status}', en: '#{number} {title} — {status}' },
  nowNext: { ja: '次: {next}', en: 'Next: {next}' },
  nowBlockers: { ja: '次に進むために必要なこと', en: 'What the next status needs' },
  nowNoHolder: { ja: '(未割り当て)', en: '(unassigned)' },
  workflowNoUser: { ja: '宣言した人が分かりません', en: 'No user for the workflow step' },
  actTakeCommander: { ja: '指揮者を引き受け', en: 'Taken the commander role' },
  actTakeInvestigator: { ja: '調査担当を引き受け', en: 'Taken the investigator role' },
  actAssign: { ja: '役割を割り当て', en: 'Assigned the role' },
  actSeverity: { ja: '重大度を変更', en: 'Changed the severity' },
  actStatusUpdate: { ja: '状況を共有', en: 'Posted the status update' },
  actRelease: { ja: 'リリースを記録', en: 'Recorded the release' },
  actRollback: { ja: 'ロールバックを記録', en: 'Recorded the rollback' },
  actStatus: { ja: 'ステータスを「{status}」に変更', en: 'Moved to {status}' },
  actCancel: { ja: 'インシデントを取り消し', en: 'Canceled the incident' },
  actAction: { ja: '再発防止策を追加', en: 'Added the prevention action' },
  actOptions: { ja: '対応案を記録', en: 'Recorded the options' },
  actDecision: { ja: '決定を記録', en: 'Recorded the decision' },
  actTask: { ja: 'タスクを完了', en: 'Completed the task' },
  actAnnounce: { ja: '全社へ報告', en: 'Posted the company-wide announcement' },
  actClaim: { ja: '一次調査を開始', en: 'Started the quick investigation' },
  actDismiss: { ja: '報告を見送り(改善チケットを作成)', en: 'Dismissed the report (improvement ticket created)' },
  help: {
    ja: [
      '*{command}* — インシデントを宣言するフォームを開く',
      '*{command} report* — 報告フォームを開く',
      'インシデントのチャンネルで:',
      '• `commander @名前` / `investigator @名前` — 役割を割り当てる',
      '• `severity SEV1` — 重大度を変更',
      '• `update 内容` — 状況を共有(告知チャンネルにも投稿)',
      '• `monitor` — 経過観察を開始 / `resolve` — 解決を確認',
      '• `cancel 理由` — 取り消し / `postmortem` — ポストモーテムを開始',
      '• `action 内容` — 再発防止策を追加',
      '• `status` — 今の状況を表示 / `help` — この説明',
    ].join('\n'),
    en: [
      '*{command}* — open the declare form',
      '*{command} report* — open the report form',
      'In an incident channel:',
      '• `commander @name` / `investigator @name` — assign a role',
      '• `severity SEV1` — change the severity',
      '• `update text` — post a status update (also to the announce channels)',
      '• `monitor` — start monitoring / `resolve` — confirm resolved',
      '• `cancel reason` — cancel / `postmortem` — start the postmortem',
      '• `action title` — add a prevention action',
      '• `status` — show where the incident is / `help` — this text',
    ].join('\n'),
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
  'slack.refresh_home': { ja: 'ホームタブの更新', en: 'refreshing the App Home' },
  'slack.refresh_digest': { ja: '朝のチェックの更新', en: 'updating the morning digest' },
  'slack.postmortem_news': { ja: 'ポストモーテムのお知らせ', en: 'posting postmortem news' },
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

/** Slack's locale (`ja-JP`, `en-US`) as a hikeshi locale; undefined for any other language. */
export function localeFromSlack(slackLocale: string | undefined): Locale | undefined {
  const language = slackLocale?.toLowerCase().split(/[-_]/)[0];
  return language === 'ja' || language === 'en' ? language : undefined;
}
