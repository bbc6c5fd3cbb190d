import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { AccountStatus } from '../accounts/index.js';
import type { Role } from '../users/roles.js';

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
}
export interface SessionAccount {
  id: string;
  name: string;
  status: AccountStatus;
}
export interface ActiveSession {
  idHash: string;
  csrfToken: string;
  user: SessionUser;
  account: SessionAccount;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const TOUCH_INTERVAL_MS = 60_000;

export async function createSession(
  ctx: AppContext,
  userId: string,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = ctx.now();
  await ctx.db.kysely
    .insertInto('sessions')
    .values({
      id_hash: hashToken(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ctx.config.sessionMaxMs).toISOString(),
    })
    .execute();
  return { token, csrfToken };
}

/** Finds a live session, ending it when it has passed its idle or absolute expiry. */
export async function findSession(ctx: AppContext, token: string): Promise<ActiveSession | null> {
  if (token.length === 0 || token.length > 100) return null;
  const idHash = hashToken(token);
  const row = await ctx.db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select([
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id as user_id',
      'users.email',
      'users.role',
      'accounts.id as account_id',
      'accounts.name as account_name',
      'accounts.status as account_status',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return null;
  const now = ctx.now().getTime();
  const idleDeadline = Date.parse(row.last_seen_at) + ctx.config.sessionIdleMs;
  if (now >= Date.parse(row.expires_at) || now >= idleDeadline) {
    await deleteSession(ctx, idHash);
    return null;
  }
  // Sliding the idle window costs a write, so it is refreshed at most once a minute.
  if (now - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
    await ctx.db.kysely
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString() })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return {
    idHash,
    csrfToken: row.csrf_token,
    user: { id: row.user_id, email: row.email, role: row.role as Role },
    account: { id: row.account_id, name: row.account_name, status: row.account_status },
  };
}

export async function deleteSession(ctx: AppContext, idHash: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(ctx: AppContext, userId: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
