import { Command } from 'commander';
import type { IncidentJson, IncidentListJson } from '../api-types.ts';
import { clientFrom, withClientOptions, type ClientOptions } from '../client-options.ts';
import { EXIT_CODES_SHORT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { integerIn, severityFilter, statusFilter, text } from '../parse.ts';
import { incidentTable } from './present.ts';

interface ListOptions extends ClientOptions {
  status?: string;
  severity?: string;
  search?: string;
  limit?: number;
  all?: boolean;
}

const DEFAULT_LIMIT = 50;
/** With --all, stop after this many pages rather than loop forever on a misbehaving server. */
const MAX_PAGES = 10_000;

/** `hikeshi list`: GET /api/v1/incidents, following nextCursor with --all. */
export function listCommand(io: CliIo): Command {
  const command = new Command('list')
    .summary('list incidents, newest first')
    .description('List incidents, newest first.')
    .option(
      '--status <statuses>',
      'active (triage, responding, monitoring) or a comma list, e.g. resolved,postmortem',
      statusFilter,
    )
    .option('--severity <ids>', 'comma list of severities, e.g. SEV1,SEV2', severityFilter)
    .option('-q, --search <text>', 'text in the title', text(200))
    .option(
      '--limit <n>',
      `incidents per page, 1-200 (default ${DEFAULT_LIMIT})`,
      integerIn(1, 200),
    )
    .option('--all', 'fetch every page (follows nextCursor)');
  return withClientOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  hikeshi list --status active
  hikeshi list --severity SEV1,SEV2 --limit 10
  hikeshi list --status resolved,postmortem,follow_up --all --json

Columns: number, severity, status, commander, age (since declared), title.
--json prints the API's page as is; with --all, {"items": [every page's items], "nextCursor": null}.
${EXIT_CODES_SHORT}`,
    )
    .action(async (options: ListOptions) => {
      const client = clientFrom(options, io);
      const query = {
        status: options.status,
        severity: options.severity,
        q: options.search,
        limit: options.limit ?? DEFAULT_LIMIT,
      };
      const first = await client.get<IncidentListJson>('/api/v1/incidents', query);
      const items: IncidentJson[] = [...first.body.items];
      let cursor = first.body.nextCursor;
      if (options.all) {
        for (let page = 1; cursor && page < MAX_PAGES; page++) {
          const next = await client.get<IncidentListJson>('/api/v1/incidents', {
            ...query,
            cursor,
          });
          items.push(...next.body.items);
          cursor = next.body.nextCursor;
        }
      }
      if (options.json) {
        io.out(
          options.all
            ? `${JSON.stringify({ items, nextCursor: cursor ?? null })}\n`
            : `${first.text}\n`,
        );
        return;
      }
      if (items.length === 0) {
        io.err('No incidents match.\n');
        return;
      }
      io.out(incidentTable(items, new Date(), io.columns));
      if (cursor) io.err(`(more incidents: use --all, or --limit up to 200)\n`);
    });
}
