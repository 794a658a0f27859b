import { Command } from 'commander';
import type { IncidentDetailJson, NowViewJson } from '../api-types.ts';
import { clientFrom, withClientOptions, type ClientOptions } from '../client-options.ts';
import { EXIT_CODES_SHORT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { incidentRef } from '../parse.ts';
import { incidentReport } from './present.ts';

/** `hikeshi show`: GET /api/v1/incidents/:id and its now view. */
export function showCommand(io: CliIo): Command {
  const command = new Command('show')
    .summary('show an incident: details, roles, open tasks, what blocks the next status')
    .description(
      'Show an incident: details, roles and their open tasks, and what blocks the next status.',
    )
    .argument('<incident>', 'incident number (12 or #12) or id', incidentRef);
  return withClientOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  hikeshi show 12
  hikeshi show 0b6f3c2e-1d7a-4c1e-9b1a-2f7d4b6e8a90 --lang ja
  hikeshi show 12 --json | jq .now.blockers

--json prints {"incident": <GET /api/v1/incidents/{id}>, "now": <GET /api/v1/incidents/{id}/now>}.
${EXIT_CODES_SHORT}`,
    )
    .action(async (ref: string, options: ClientOptions) => {
      const client = clientFrom(options, io);
      const path = `/api/v1/incidents/${encodeURIComponent(ref)}`;
      const [incident, now] = await Promise.all([
        client.get<IncidentDetailJson>(path),
        client.get<NowViewJson>(`${path}/now`),
      ]);
      if (options.json) {
        io.out(`{"incident":${incident.text.trim()},"now":${now.text.trim()}}\n`);
        return;
      }
      io.out(incidentReport(incident.body, now.body, new Date()));
    });
}
