import type { BlockerCode } from '../domain/blockers.ts';
import type { ErrorCode } from '../domain/errors.ts';
import type { Text } from '../domain/playbook.ts';

/**
 * The message catalogue: every error code and blocker code in Japanese and English. `{name}` is
 * filled from the error's params (see each `new DomainError(code, params)` in src/domain).
 * A code without a message fails the typecheck.
 */

/** Errors raised by the transports themselves (malformed requests), not by the domain. */
export const TRANSPORT_ERROR_CODES = [
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'method_not_allowed',
  'bad_request',
  'internal',
] as const;
export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

export const errorMessages = {
  validation_failed: {
    ja: '入力が正しくありません: {field}',
    en: 'The input is not valid: {field}.',
  },
  unknown_severity: {
    ja: '重大度「{severity}」はありません。使える値: {allowed}',
    en: 'There is no severity "{severity}". Use one of: {allowed}.',
  },
  unknown_platform: {
    ja: 'プラットフォーム「{platform}」はありません。使える値: {allowed}',
    en: 'There is no platform "{platform}". Use one of: {allowed}.',
  },
  unknown_role: {
    ja: '役割「{role}」はありません。使える値: {allowed}',
    en: 'There is no role "{role}". Use one of: {allowed}.',
  },
  unknown_milestone: {
    ja: 'マイルストーン「{milestone}」は修正できません。修正できるもの: {allowed}',
    en: 'The milestone "{milestone}" cannot be corrected. Correctable: {allowed}.',
  },
  not_found: {
    ja: '見つかりません: {what}',
    en: 'Not found: {what}.',
  },
  incident_not_found: {
    ja: 'インシデントが見つかりません。削除されたか、閲覧する権限がありません。',
    en: 'The incident was not found, or you may not see it.',
  },
  report_not_found: {
    ja: '報告が見つかりません。削除されたか、閲覧する権限がありません。',
    en: 'The report was not found, or you may not see it.',
  },
  user_not_found: {
    ja: 'ユーザーが見つかりません。',
    en: 'The user was not found.',
  },
  action_not_found: {
    ja: '再発防止策が見つかりません。',
    en: 'The prevention action was not found.',
  },
  task_not_found: {
    ja: 'タスクが見つかりません。',
    en: 'The task was not found.',
  },
  release_not_found: {
    ja: 'リリースが見つかりません。',
    en: 'The release was not found.',
  },
  unauthenticated: {
    ja: 'ログインするか、有効な API トークンを送ってください（Authorization: Bearer …）。',
    en: 'Sign in or send a valid API token (Authorization: Bearer …).',
  },
  forbidden: {
    ja: 'この操作を行う権限がありません。管理者に依頼してください。',
    en: 'You are not allowed to do this. Ask an admin.',
  },
  conflict: {
    ja: '現在の状態と矛盾するため実行できません（同時に別の変更があった可能性があります）。再読み込みしてからやり直してください。',
    en: 'This conflicts with the current state (someone may have changed it at the same time). Reload and try again.',
  },
  invalid_transition: {
    ja: '「{from}」から「{to}」へは移れません。次に移れる状態: {allowed}',
    en: 'An incident cannot move from {from} to {to}. It can move to: {allowed}.',
  },
  transition_blocked: {
    ja: 'まだ「{from}」から「{to}」へ移れません。足りないものは詳細を見てください。',
    en: 'Cannot move from {from} to {to} yet. The details say what is missing.',
  },
  severity_unchanged: {
    ja: '重大度はすでに {severity} です。',
    en: 'The severity is already {severity}.',
  },
  severity_locked: {
    ja: '状態が「{status}」のインシデントは重大度を変えられません（解決前のみ変更できます）。',
    en: 'The severity cannot change once the incident is {status} (only before it is resolved).',
  },
  incident_finished: {
    ja: 'このインシデントは「{status}」です。メモ以外は追加できません。',
    en: 'This incident is {status}: only notes can still be added.',
  },
  role_conflict: {
    ja: '同じ人が {role} と {other} を兼ねることはできません。別の人を選んでください。',
    en: 'The same person cannot be both {role} and {other}. Choose someone else.',
  },
  rollback_not_possible: {
    ja: '{nameJa} はすぐにロールバックできません（ストア審査があるため）。修正版をリリースしてください。',
    en: '{nameEn} cannot be rolled back at once (store review delays it). Release a fix instead.',
  },
  release_not_allowed: {
    ja: '状態が「{status}」のインシデントにはリリースを記録できません（対応中か経過観察中のみ）。',
    en: 'A release cannot be recorded while the incident is {status} (only while responding or monitoring).',
  },
  milestone_order: {
    ja: '{before} は {after} より後にできません。',
    en: '{before} cannot be later than {after}.',
  },
  milestone_in_future: {
    ja: '{milestone} に未来の時刻は設定できません。',
    en: '{milestone} cannot be in the future.',
  },
  report_finished: {
    ja: 'この報告はすでに「{status}」です。',
    en: 'This report is already {status}.',
  },
  postmortem_not_open: {
    ja: 'ポストモーテムを編集できるのはインシデントがポストモーテム段階のときだけです（現在は「{status}」）。',
    en: 'The postmortem can be edited only while the incident is in its postmortem stage (it is {status}).',
  },
  postmortem_already_published: {
    ja: 'ポストモーテムはすでに公開されています。',
    en: 'The postmortem is already published.',
  },
  postmortem_sections_missing: {
    ja: '必須の項目がまだ書かれていません: {sections}',
    en: 'Required sections are still empty: {sections}.',
  },
  action_not_allowed: {
    ja: '再発防止策を追加できるのはインシデントが解決・ポストモーテム・フォローアップのときだけです（現在は「{status}」）。',
    en: 'Prevention actions can be added only while the incident is resolved, in its postmortem or in follow-up (it is {status}).',
  },
  action_transition: {
    ja: '再発防止策を「{from}」から「{to}」にはできません。',
    en: 'A prevention action cannot go from {from} to {to}.',
  },
  evidence_required: {
    ja: '完了にするには証跡（リンクかメモ）が必要です。',
    en: 'Marking it done needs evidence (a link or a note).',
  },
  reason_required: {
    ja: '理由を書いてください。',
    en: 'Give a reason.',
  },
  due_date_in_past: {
    ja: '期日 {dueDate} は過去の日付です（今日は {today}）。',
    en: 'The due date {dueDate} is in the past (today is {today}).',
  },
  email_taken: {
    ja: 'メールアドレス {email} はすでに使われています。',
    en: 'The email address {email} is already in use.',
  },
  only_commander: {
    ja: 'これは指揮者（または管理者）だけが決められます。',
    en: 'Only the commander (or an admin) can decide this.',
  },
  only_investigator: {
    ja: 'これは調査担当（または管理者）だけが行えます。',
    en: 'Only the investigator (or an admin) can do this.',
  },
  invalid_credentials: {
    ja: 'メールアドレスかパスワード（またはトークン）が正しくありません。',
    en: 'The email and password (or the token) are not right.',
  },
  too_many_attempts: {
    ja: 'サインインの失敗が多すぎます。{retryAfter} 秒後にやり直してください。',
    en: 'Too many failed sign-ins. Try again in {retryAfter} seconds.',
  },
  csrf_failed: {
    ja: 'このリクエストはこの画面から送られたものと確認できませんでした。ページを再読み込みしてやり直してください。',
    en: 'This request could not be confirmed as coming from this app. Reload the page and try again.',
  },
} satisfies Record<ErrorCode, Text>;

export const transportMessages = {
  invalid_json: {
    ja: 'リクエスト本文が正しい JSON ではありません。',
    en: 'The request body is not valid JSON.',
  },
  payload_too_large: {
    ja: 'リクエスト本文が大きすぎます（上限 {limit} バイト）。',
    en: 'The request body is too large (limit: {limit} bytes).',
  },
  unsupported_media_type: {
    ja: 'この Content-Type には対応していません。application/json で送ってください。',
    en: 'This Content-Type is not supported. Send application/json.',
  },
  method_not_allowed: {
    ja: 'このパスでは {method} は使えません。使えるメソッド: {allowed}',
    en: '{method} is not allowed on this path. Allowed: {allowed}.',
  },
  bad_request: {
    ja: 'リクエストの形式が正しくありません。',
    en: 'The request is malformed.',
  },
  internal: {
    ja: 'サーバー内部でエラーが起きました。時間をおいてやり直してください。続く場合は管理者に連絡してください。',
    en: 'Something went wrong on the server. Try again later; tell an admin if it keeps happening.',
  },
} satisfies Record<TransportErrorCode, Text>;

/** Blockers say what is missing and who can do it. `{who}` is filled from the blocker's `who`. */
export const blockerMessages = {
  severity_required: {
    ja: '先に重大度（SEV1〜SEV3）を設定してください。対応者なら誰でも設定できます。',
    en: 'Set a severity first (SEV1–SEV3). Any responder can do it.',
  },
  release_required: {
    ja: '修正のリリースかロールバックを記録してください。調査担当か指揮者が記録できます。',
    en: 'Record a release or a rollback first. The investigator or the commander can do it.',
  },
  convergence_watch_running: {
    ja: '収束の経過観察中です（あと {minutes} 分）。それより早く解決にするには指揮者が判断してください。',
    en: 'The convergence watch is running ({minutes} min left). The commander can decide to resolve earlier.',
  },
  task_open: {
    ja: '未完了のタスクがあります: {titleJa}。{who}が行います。',
    en: 'A task is still open: {titleEn}. {who} does it.',
  },
  postmortem_not_started: {
    ja: 'ポストモーテムがまだ始まっていません。指揮者が始めてください。',
    en: 'The postmortem has not been started. The commander starts it.',
  },
  postmortem_not_published: {
    ja: 'ポストモーテムを公開してください。指揮者が公開できます。',
    en: 'Publish the postmortem. The commander can do it.',
  },
  postmortem_sections_missing: {
    ja: 'ポストモーテムの必須項目を書いてください: {sections}。指揮者か調査担当が書けます。',
    en: 'Write the required postmortem sections: {sections}. The commander or the investigator can do it.',
  },
  actions_open: {
    ja: '未完了の再発防止策が {count} 件あります。完了（証跡つき）か、理由をつけて延期にしてください。対応者なら誰でもできます。',
    en: '{count} prevention action(s) are still open. Mark each done (with evidence) or defer it with a reason. Any responder can do it.',
  },
  reason_required: {
    ja: '理由を書いてください（例: 誤報だった）。指揮者が行います。',
    en: 'Give a reason (e.g. it was a false alarm). The commander does it.',
  },
  commander_decision_required: {
    ja: 'これは指揮者の判断が必要です。指揮者か管理者が行えます。',
    en: 'This needs the commander’s decision. The commander or an admin can do it.',
  },
} satisfies Record<BlockerCode, Text>;

/** Why a field was refused, for `validation_failed` raised by the domain with a `reason`. */
export const validationReasons: Record<string, Text> = {
  duplicate_key: { ja: '同じキーが重複しています', en: 'the same key appears twice' },
  not_proposed: { ja: '提案されていない選択肢です', en: 'this option was not proposed' },
  not_a_store_app: { ja: 'ストアアプリではないプラットフォームです', en: 'the platform is not a store app' },
  unknown_question: { ja: '定義にない質問です', en: 'there is no such question' },
  invalid_cursor: { ja: 'ページのカーソルが正しくありません', en: 'the page cursor is not valid' },
  required: { ja: '必須です', en: 'is required' },
};

/** What `not_found` names when the thing looked up has no better name. */
export const genericWhat: Text = { ja: '指定されたリソース', en: 'the requested resource' };

/** How `who` entries of a blocker read inside a sentence. Unknown roles show their id. */
export const whoNames: Record<string, Text> = {
  commander: { ja: '指揮者', en: 'The commander' },
  investigator: { ja: '調査担当', en: 'The investigator' },
  responder: { ja: '対応者', en: 'Any responder' },
  admin: { ja: '管理者', en: 'An admin' },
};

/** Names of statuses shown inside messages (`{from}`, `{to}`, `{status}`, `{allowed}`). */
export const statusNames: Record<string, Text> = {
  triage: { ja: 'トリアージ', en: 'triage' },
  responding: { ja: '対応中', en: 'responding' },
  monitoring: { ja: '経過観察', en: 'monitoring' },
  resolved: { ja: '解決', en: 'resolved' },
  postmortem: { ja: 'ポストモーテム', en: 'postmortem' },
  follow_up: { ja: 'フォローアップ', en: 'follow-up' },
  closed: { ja: 'クローズ', en: 'closed' },
  canceled: { ja: '取り消し', en: 'canceled' },
  reported: { ja: '報告済み', en: 'reported' },
  investigating: { ja: '一次調査中', en: 'investigating' },
  declared: { ja: 'インシデント化', en: 'declared' },
  dismissed: { ja: '見送り', en: 'dismissed' },
  merged: { ja: '統合済み', en: 'merged' },
  open: { ja: '未着手', en: 'open' },
  in_progress: { ja: '進行中', en: 'in progress' },
  done: { ja: '完了', en: 'done' },
  deferred: { ja: '延期', en: 'deferred' },
};
