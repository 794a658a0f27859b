import { DomainError } from '../../domain/errors.ts';
import { checkAnswers, isReportOpen, suggestFromAnswers, type Suggestion } from '../../domain/report-lifecycle.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { findVisibleReport, recordReportChange, statusOf } from './load-report.ts';

export interface AnswerDefinitionInput {
  reportId: string;
  /** Definition-question key → yes (true) / no (false). Merged over earlier answers. */
  answers: Record<string, boolean>;
}

export interface DefinitionAnswers {
  answers: Record<string, boolean>;
  suggestion: Suggestion;
}

/**
 * Records answers to the incident-definition questions during the quick investigation and returns
 * what they suggest (declare, dismiss or undecided). Answers merge over earlier ones, so the
 * questions can be answered one at a time.
 */
export async function answerDefinition(ctx: UseCaseContext, input: AnswerDefinitionInput): Promise<DefinitionAnswers> {
  authorize(ctx.actor, 'report.triage');
  const { playbook } = ctx.playbooks.current();
  checkAnswers(playbook, input.answers);
  const row = await findVisibleReport(ctx, input.reportId, { forUpdate: true });
  const status = statusOf(row);
  if (!isReportOpen(status)) throw new DomainError('report_finished', { status });
  const answers = { ...row.answers, ...input.answers };
  const suggestion = suggestFromAnswers(playbook, answers);
  await recordReportChange(ctx, row, {
    type: 'report.answered',
    data: { answers: input.answers, suggestion },
    patch: { answers: JSON.stringify(answers) },
  });
  return { answers, suggestion };
}
