import type { RouteDefinition } from './route.ts';
import { eventRoutes } from '../sse/events.routes.ts';
import { actionRoutes } from './actions.routes.ts';
import { postmortemRoutes } from './postmortem.routes.ts';
import { reportRoutes } from './reports.routes.ts';
import { alertRoutes } from './alert-sources.routes.ts';
import { incidentRoutes } from './incidents.routes.ts';
import { playbookRoutes } from './playbook.routes.ts';
import { tokensRoutes } from './tokens.routes.ts';
import { usersRoutes } from './users.routes.ts';
import { followUpRoutes } from './follow-up.routes.ts';
import { insightsRoutes } from './insights.routes.ts';
import { sessionRoutes } from './sessions.routes.ts';
import { statusRoutes } from './status.routes.ts';

/** Every API route. `GET /healthz` and `GET /api/v1/openapi.json` are added by the server itself. */
export const allRoutes: RouteDefinition[] = [
  ...usersRoutes,
  ...tokensRoutes,
  ...incidentRoutes,
  ...playbookRoutes,
  ...eventRoutes,
  ...postmortemRoutes,
  ...actionRoutes,
  ...reportRoutes,
  ...followUpRoutes,
  ...insightsRoutes,
  ...alertRoutes,
  ...sessionRoutes,
  ...statusRoutes,
];
