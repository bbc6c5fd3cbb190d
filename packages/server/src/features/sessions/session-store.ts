import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Executor } from '../../platform/db/database.js';
import type { AccountStatus } from '../../core/access/roles.js';
import type { Role } from '../../core/access/roles.js';
import { csrfTokenFor } from './csrf-token.js';

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
  /** When the session last proved its user afresh (login or step-up); null for older sessions. */
  stepUpAt: Date | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const TOUCH_INTERVAL_MS = 60_000;

/** A session just created: the cookie value (never stored, only its hash) and the CSRF token. */
export interface SessionTokens {
  token: string;
  csrfToken: string;
}

/** Writes a new session for the user, usually in the transaction that authenticated or created them. */
export async function openSession(ctx: AppContext, db: Executor, userId: string): Promise<SessionTokens> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashToken(token),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ctx.config.sessionMaxMs).toISOString(),
      // Opening a session is a fresh authentication (password, second factor, an invitation's or a
      // portal link's one-time token): credential actions need no step-up right after it.
      step_up_at: now.toISOString(),
    })
    .execute();
  return { token, csrfToken: csrfTokenFor(token) };
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
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.step_up_at',
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
    await deleteSession(ctx.db.kysely, idHash);
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
    csrfToken: csrfTokenFor(token),
    user: { id: row.user_id, email: row.email, role: row.role },
    account: { id: row.account_id, name: row.account_name, status: row.account_status },
    stepUpAt: row.step_up_at ? new Date(row.step_up_at) : null,
  };
}

/** Records a step-up (a fresh second factor or password) on the session. */
export async function markSteppedUp(db: Executor, idHash: string, atIso: string): Promise<void> {
  await db.updateTable('sessions').set({ step_up_at: atIso }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export interface Credentials {
  user: SessionUser;
  account: SessionAccount;
  passwordHash: string;
}

/** The user a login names, with its account and password hash; null for an unknown e-mail. */
export async function findCredentials(db: Executor, email: string): Promise<Credentials | null> {
  const row = await db
    .selectFrom('users')
    .innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select([
      'users.id',
      'users.email',
      'users.role',
      'users.password_hash',
      'accounts.id as account_id',
      'accounts.name as account_name',
      'accounts.status as account_status',
    ])
    .where('users.email', '=', email)
    .executeTakeFirst();
  if (!row) return null;
  return {
    user: { id: row.id, email: row.email, role: row.role },
    account: { id: row.account_id, name: row.account_name, status: row.account_status },
    passwordHash: row.password_hash,
  };
}
