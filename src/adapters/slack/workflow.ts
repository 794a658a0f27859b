import type { App } from '@slack/bolt';
import { runUseCase } from '../../app/context.ts';
import { declareIncidentOnce } from '../../app/slack/submit-once.ts';
import { errorText, whoIs, type SlackDeps } from './context.ts';

/**
 * The Workflow Builder custom step "declare an incident" (a Bolt custom function, event
 * `function_executed`): a team's existing form feeds the same declare flow. Inputs (see
 * slack/manifest.json): `title`, `declared_by` (a user), optional `summary`, `severity`, `impact`,
 * `platforms` (comma-separated ids). Outputs: `incident_number`, `incident_url`. Run at most once
 * per execution id; a refusal fails the step with the guard's message.
 */
export const DECLARE_FUNCTION = 'declare_incident';

function text(inputs: Record<string, unknown>, key: string): string | undefined {
  const value = inputs[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function registerWorkflowStep(bolt: App, deps: SlackDeps): void {
  bolt.function(DECLARE_FUNCTION, { autoAcknowledge: true }, async ({ event, client, complete, fail }) => {
    const inputs = (event.inputs ?? {}) as Record<string, unknown>;
    const declaredBy = text(inputs, 'declared_by');
    const title = text(inputs, 'title');
    let locale = deps.app.playbooks.current().playbook.workspace.defaultLocale;
    try {
      if (!declaredBy || !title) {
        await fail({ error: `missing input: ${!declaredBy ? 'declared_by' : 'title'}` });
        return;
      }
      const who = await whoIs(deps, client, declaredBy);
      locale = who.locale;
      const platforms = text(inputs, 'platforms')?.split(/[\s,]+/).filter(Boolean);
      const made = await runUseCase(deps.app, who.actor, declareIncidentOnce, {
        key: `function:${event.function_execution_id}`,
        input: {
          title,
          summary: text(inputs, 'summary'),
          impact: text(inputs, 'impact'),
          severity: text(inputs, 'severity')?.toUpperCase(),
          platforms,
        },
      });
      if (!made) {
        await fail({ error: 'an earlier run of this step is still declaring' });
        return;
      }
      await complete({
        outputs: {
          incident_number: made.number === null ? '' : String(made.number),
          incident_url: `${deps.publicUrl}/incidents/${made.id}`,
        },
      });
    } catch (error) {
      await fail({ error: errorText(locale, error) }).catch((failError: unknown) => deps.log.warn('slack function fail failed', failError));
    }
  });
}
