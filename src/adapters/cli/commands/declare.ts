import { Command } from 'commander';
import type { DeclareIncidentJson, IncidentDetailJson } from '../api-types.ts';
import { clientFrom, withClientOptions, type ClientOptions } from '../client-options.ts';
import { EXIT_CODES_SHORT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { collectPlatforms, severityId, text, userId } from '../parse.ts';
import { incidentHeadline } from './present.ts';

interface DeclareOptions extends ClientOptions {
  title: string;
  severity?: string;
  summary?: string;
  impact?: string;
  platform?: string[];
  platforms?: string[];
  private?: boolean;
  commander?: string;
  investigator?: string;
}

/** `hikeshi declare`: POST /api/v1/incidents. */
export function declareCommand(io: CliIo): Command {
  const command = new Command('declare')
    .summary('declare an incident')
    .description(
      'Declare an incident. With a severity it enters responding at once; without one it waits in triage.',
    )
    .requiredOption('--title <title>', 'what is happening, in one line', text(200))
    .option(
      '--severity <id>',
      'severity id of the playbook: SEV1, SEV2, SEV3 (default: none → triage)',
      severityId,
    )
    .option('--summary <text>', 'what is known so far', text(10_000))
    .option('--impact <text>', 'who is affected and how', text(10_000))
    .option(
      '--platform <id>',
      'affected platform (repeatable): web, ios, android',
      collectPlatforms,
    )
    .option('--platforms <ids>', 'affected platforms, comma-separated: web,ios', collectPlatforms)
    .option('--private', 'visible to admins and members only')
    .option('--commander <userId>', 'user id of the incident commander', userId)
    .option('--investigator <userId>', 'user id of the investigator', userId);
  return withClientOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  hikeshi declare --title "Checkout fails on iOS" --severity SEV2 --platform ios
  hikeshi declare --title "Login slow" --platforms web,android --summary "p99 5 s since 10:40"
  hikeshi declare --title "Card data exposed?" --severity SEV1 --private --json

Prints "#<number> <status> <severity> <title>" and the incident's URL.
${EXIT_CODES_SHORT}`,
    )
    .action(async (options: DeclareOptions) => {
      const client = clientFrom(options, io);
      const platforms = [...new Set([...(options.platform ?? []), ...(options.platforms ?? [])])];
      const body: DeclareIncidentJson = {
        title: options.title,
        ...(options.severity !== undefined && { severity: options.severity }),
        ...(options.summary !== undefined && { summary: options.summary }),
        ...(options.impact !== undefined && { impact: options.impact }),
        ...(platforms.length > 0 && { platforms }),
        ...(options.private === true && { isPrivate: true }),
        ...(options.commander !== undefined && { commanderId: options.commander }),
        ...(options.investigator !== undefined && { investigatorId: options.investigator }),
      };
      const response = await client.post<IncidentDetailJson>('/api/v1/incidents', body);
      if (options.json) {
        io.out(`${response.text}\n`);
        return;
      }
      const incident = response.body;
      io.out(`${incidentHeadline(incident)}\n${incident.url}\n`);
      for (const warning of incident.warnings) io.err(`warning: ${warning.message}\n`);
    });
}
