import type { PostmortemView } from '../../app/postmortem/postmortem-view.ts';
import type { Locale, Text } from '../../domain/playbook.ts';

/**
 * The postmortem as a printable HTML page: one self-contained document (inline print CSS, no
 * scripts, nothing fetched). Every text from users is escaped; section bodies are shown as
 * written (Markdown source) with their line breaks, never interpreted as HTML.
 */

const WORDS = {
  postmortem: { ja: 'ポストモーテム', en: 'Postmortem' },
  severity: { ja: '重大度', en: 'Severity' },
  status: { ja: '状態', en: 'Status' },
  draft: { ja: '下書き', en: 'Draft' },
  in_review: { ja: 'レビュー中', en: 'In review' },
  published: { ja: '公開済み', en: 'Published' },
  publishedAt: { ja: '公開日時', en: 'Published at' },
  impactFigures: { ja: '影響の数値', en: 'Impact figures' },
  usersAffected: { ja: '影響ユーザー数', en: 'Users affected' },
  duration: { ja: '影響時間（分）', en: 'Duration (minutes)' },
  revenueLost: { ja: '収益への影響', en: 'Revenue lost' },
  fiveWhys: { ja: 'なぜなぜ分析', en: 'Five whys' },
  why: { ja: 'なぜ', en: 'Why' },
  reviewers: { ja: 'レビュアー', en: 'Reviewers' },
  pending: { ja: '未回答', en: 'pending' },
  approved: { ja: '承認', en: 'approved' },
  changes_requested: { ja: '修正依頼', en: 'changes requested' },
  empty: { ja: '（未記入）', en: '(not written yet)' },
  required: { ja: '必須', en: 'required' },
} satisfies Record<string, Text>;

const STYLE = `
body { font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif; line-height: 1.6; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: 600; }
.body { white-space: pre-wrap; overflow-wrap: anywhere; }
.empty { color: #777; font-style: italic; }
.tag { font-size: .75rem; border: 1px solid #999; border-radius: .3rem; padding: 0 .3rem; margin-left: .5rem; vertical-align: middle; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  section { break-inside: avoid-page; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 18mm 16mm; }
}`;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The whole printable page. */
export function postmortemHtml(view: PostmortemView, locale: Locale): string {
  const say = (text: Text) => escapeHtml(text[locale]);
  const title = `${say(WORDS.postmortem)}: #${view.incident.number} ${escapeHtml(view.incident.title)}`;
  const facts: [string, string][] = [
    [say(WORDS.severity), escapeHtml(view.incident.severity ?? '-')],
    [say(WORDS.status), say(WORDS[view.status])],
  ];
  if (view.publishedAt) facts.push([say(WORDS.publishedAt), escapeHtml(view.publishedAt.toISOString())]);
  const impact: [string, string][] = [];
  if (view.impact.usersAffected !== undefined) impact.push([say(WORDS.usersAffected), String(view.impact.usersAffected)]);
  if (view.impact.durationMinutes !== null) impact.push([say(WORDS.duration), String(view.impact.durationMinutes)]);
  if (view.impact.revenueLost !== undefined) {
    impact.push([say(WORDS.revenueLost), `${view.impact.revenueLost} ${escapeHtml(view.impact.currency ?? '')}`.trim()]);
  }
  const parts = [
    `<header><h1>${title}</h1>${dl(facts)}</header>`,
    impact.length > 0 ? `<section><h2>${say(WORDS.impactFigures)}</h2>${dl(impact)}</section>` : '',
    ...view.sections.map((s) => {
      const tag = s.required ? `<span class="tag">${say(WORDS.required)}</span>` : '';
      const body =
        s.body.trim() === ''
          ? `<p class="empty">${say(WORDS.empty)}</p>`
          : `<div class="body">${escapeHtml(s.body.trimEnd())}</div>`;
      const whys =
        s.key === 'root_cause' && view.fiveWhys.length > 0
          ? `<h3>${say(WORDS.fiveWhys)}</h3><ol>${view.fiveWhys
              .map((w) => `<li><strong>${say(WORDS.why)}:</strong> ${escapeHtml(w.why)}<br>→ ${escapeHtml(w.answer)}</li>`)
              .join('')}</ol>`
          : '';
      return `<section id="${escapeHtml(s.key)}"><h2>${escapeHtml(s.title[locale])}${tag}</h2>${body}${whys}</section>`;
    }),
    view.reviewers.length > 0
      ? `<section><h2>${say(WORDS.reviewers)}</h2><ul>${view.reviewers
          .map((r) => `<li>${escapeHtml(r.name)}: ${say(WORDS[r.decision])}</li>`)
          .join('')}</ul></section>`
      : '',
  ];
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.filter((p) => p !== '').join('\n')}
</body>
</html>
`;
}

function dl(rows: readonly [string, string][]): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}
