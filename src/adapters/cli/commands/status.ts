import { Command } from 'commander';
import { INCIDENT_STATUSES } from '../../../domain/incident.ts';
import type { IncidentDetailJson } from '../api-types.ts';
import { clientFrom, withClientOptions, type ClientOptions } from '../client-options.ts';
import { EXIT_CODES_SHORT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { incidentRef, incidentStatus, text } from '../parse.ts';
import { incidentHeadline } from './present.ts';

interface StatusOptions extends ClientOptions {
  note?: string;
}

/** `hikeshi status`: POST /api/v1/incidents/:id/status. */
export function statusCommand(io: CliIo): Command {
  const command = new Command('status')
    .summary('move an incident to another status')
    .description(
      `Move an incident to another status (${INCIDENT_STATUSES.join(', ')}). When the rules refuse, ` +
        'prints what blocks it and who can lift it, and exits 4.',
    )
    .argument('<incident>', 'incident number (12 or #12) or id', incidentRef)
    .argument('<status>', 'the new status', incidentStatus)
    .option('--note <text>', 'why (shown on the timeline; required to cancel)', text(5_000));
  return withClientOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  hikeshi status 12 monitoring --note "Rollback done, error rate back to normal"
  hikeshi status 12 canceled --note "False alarm: synthetic monitor misconfigured"
  hikeshi status 12 resolved || echo "still blocked"

${EXIT_CODES_SHORT}`,
    )
    .action(async (ref: string, status: string, options: StatusOptions) => {
      const client = clientFrom(options, io);
      const response = await client.post<IncidentDetailJson>(
        `/api/v1/incidents/${encodeURIComponent(ref)}/status`,
        {
          status,
          ...(options.note !== undefined && { note: options.note }),
        },
      );
      if (options.json) {
        io.out(`${response.text}\n`);
        return;
      }
      io.out(`${incidentHeadline(response.body)}\n`);
    });
}
