import { runUseCase, type UseCaseContext } from '../../../app/context.ts';
import { bootstrapActor } from '../../../app/tokens/ensure-bootstrap-token.ts';
import { createToken } from '../../../app/tokens/create-token.ts';
import { createUser, normalizeEmail } from '../../../app/users/create-user.ts';
import { loadAppDeps, openMigratedStore } from '../../../setup.ts';
import type { Config } from '../../../config/env.ts';
import type { WorkspaceRole } from '../../../domain/actor.ts';
import type { Locale } from '../../../domain/playbook.ts';
import { findUserByEmail } from '../../../store/users.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { isDataDirLocked } from '../server-config.ts';

/**
 * The server side of `hikeshi tokens create`, loaded only when that command runs (it pulls in
 * the database and the app). Kept apart so the client commands start fast.
 */

export interface IssueInput {
  role: WorkspaceRole;
  email: string;
  name: string;
  tokenName: string;
}

export interface Issued {
  userId: string;
  tokenId: string;
  token: string;
  role: WorkspaceRole;
  isNewUser: boolean;
}

/** Opens the database, issues the token, closes the database. */
export async function issueTokenInDatabase(
  config: Config,
  input: IssueInput,
  locale: Locale = 'en',
): Promise<Issued> {
  const { store } = await openMigratedStore(config).catch((error: unknown) => {
    if (!isDataDirLocked(error)) throw error;
    throw new CliError((error as Error).message, EXIT.usage, [
      'stop the server or create tokens through the API: POST /api/v1/tokens',
    ]);
  });
  try {
    const app = await loadAppDeps(store, config, { locale });
    // The CLI on the server host acts as the environment does at start-up: as the bootstrap actor.
    return await runUseCase(app, bootstrapActor, issueToken, input);
  } finally {
    await store.close();
  }
}

/** Finds or creates the user (refusing another role), then issues a token; one transaction. */
async function issueToken(ctx: UseCaseContext, input: IssueInput): Promise<Issued> {
  const email = normalizeEmail(input.email);
  const existing = await findUserByEmail(ctx.tx, ctx.workspaceId, email);
  if (existing && existing.role !== input.role) {
    throw new CliError(
      `the user ${email} exists with the role ${existing.role}, not ${input.role}`,
      EXIT.usage,
      [`pass --role ${existing.role} for a token of that user, or another --email for a new user.`],
    );
  }
  if (existing && !existing.isActive) {
    throw new CliError(
      `the user ${email} is deactivated, so a token of theirs would not work`,
      EXIT.usage,
      ['reactivate them (an admin, through the API or the web app), or pass another --email.'],
    );
  }
  const user = existing ?? (await createUser(ctx, { name: input.name, email, role: input.role }));
  const created = await createToken(ctx, { userId: user.id, name: input.tokenName });
  return {
    userId: user.id,
    tokenId: created.token.id,
    token: created.secret,
    role: user.role,
    isNewUser: !existing,
  };
}
