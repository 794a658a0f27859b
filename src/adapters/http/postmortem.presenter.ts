import type { z } from 'zod';
import type { PostmortemView } from '../../app/postmortem/postmortem-view.ts';
import type { Locale, Text } from '../../domain/playbook.ts';
import type { postmortemResponse } from './postmortem.schemas.ts';

type PostmortemJson = z.infer<typeof postmortemResponse>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A postmortem as the API shows it: section titles and prompts in the caller's language. */
export function presentPostmortem(view: PostmortemView, locale: Locale): PostmortemJson {
  return {
    id: view.id,
    incidentId: view.incident.id,
    incident: view.incident,
    status: view.status,
    form: view.form,
    sections: view.sections.map((s) => ({
      key: s.key,
      title: s.title[locale],
      prompt: s.prompt[locale],
      required: s.required,
      body: s.body,
      revision: s.revision,
      updatedAt: iso(s.updatedAt),
      updatedBy: s.updatedBy,
    })),
    missingRequired: view.missingRequired,
    impact: view.impact,
    fiveWhys: view.fiveWhys,
    reviewers: view.reviewers.map((r) => ({ ...r, decidedAt: iso(r.decidedAt) })),
    comments: view.comments.map((c) => ({
      id: c.id,
      section: c.section,
      author: { id: c.authorId, name: c.authorName },
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
    submittedAt: iso(view.submittedAt),
    createdAt: view.createdAt.toISOString(),
    publishedAt: iso(view.publishedAt),
    publishedBy: view.publishedBy,
  };
}

/** Words of the Markdown export; section titles come from the document itself. */
const LABELS = {
  postmortem: { ja: 'ポストモーテム', en: 'Postmortem' },
  severity: { ja: '重大度', en: 'Severity' },
  status: { ja: '状態', en: 'Status' },
  draft: { ja: '下書き', en: 'Draft' },
  in_review: { ja: 'レビュー中', en: 'In review' },
  published: { ja: '公開済み', en: 'Published' },
  publishedAt: { ja: '公開日時', en: 'Published at' },
  empty: { ja: '（未記入）', en: '(not written yet)' },
} satisfies Record<string, Text>;

/**
 * The postmortem as a Markdown document: a heading with the incident, a few facts, then every
 * section in order under its title in the caller's language. Bodies are written as they are
 * (they are Markdown already); an empty section says so.
 */
export function postmortemMarkdown(view: PostmortemView, locale: Locale): string {
  const say = (text: Text) => text[locale];
  const facts = [
    `- ${say(LABELS.severity)}: ${view.incident.severity ?? '-'}`,
    `- ${say(LABELS.status)}: ${say(LABELS[view.status])}`,
    ...(view.publishedAt
      ? [`- ${say(LABELS.publishedAt)}: ${view.publishedAt.toISOString()}`]
      : []),
  ];
  const sections = view.sections.map((s) => {
    const body = s.body.trim() === '' ? `_${say(LABELS.empty)}_` : s.body.trimEnd();
    return `## ${oneLine(say(s.title))}\n\n${body}\n`;
  });
  const heading = `# ${say(LABELS.postmortem)}: #${view.incident.number} ${oneLine(view.incident.title)}`;
  return [`${heading}\n`, `${facts.join('\n')}\n`, ...sections].join('\n');
}

/** A heading must stay on one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
