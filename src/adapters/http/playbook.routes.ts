import { z } from 'zod';
import { defineRoute } from './route.ts';

const playbookResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  playbook: z.record(z.string(), z.unknown()),
});

/** The playbook in force: its version and the rules themselves (severities, roles, tasks, …). */
export const playbookRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/playbook',
    operationId: 'getPlaybook',
    summary: 'The playbook in force (new incidents run under this version)',
    tags: ['playbook'],
    auth: 'viewer',
    responses: { 200: { description: 'The playbook', schema: playbookResponse } },
    handler(ctx) {
      const current = ctx.deps.app.playbooks.current();
      return { id: current.id, version: current.version, playbook: { ...current.playbook } };
    },
  }),
];
