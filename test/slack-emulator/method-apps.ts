import { fail, ok } from './args.ts';
import type { MethodHandler } from './context.ts';
import { requireScope } from './scopes.ts';

/**
 * apps.connections.open (docs.slack.dev/reference/methods/apps.connections.open): only an
 * app-level token (`xapp-…`) may call it (`not_allowed_token_type` for a bot token, checked before
 * the scope), and it needs `connections:write`. It answers the WebSocket URL of a new Socket Mode
 * connection: the one set with `addAppToken` (the test runs the WebSocket server).
 */

export const appMethods: Readonly<Record<string, MethodHandler>> = {
  'apps.connections.open': (ctx) => {
    if (!ctx.token.token.startsWith('xapp-')) return fail('not_allowed_token_type');
    const missing = requireScope(ctx.token, ['connections:write']);
    if (missing) return missing;
    const url = ctx.state.socketModeUrl;
    if (url === null) return fail('internal_error');
    return ok({ url });
  },
};
