import { createHash } from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';
import type { AccountStatus, Role } from '../../core/access/roles.js';
import type { PortalSessionsTable } from './tables.js';
import type { SessionAccount, SessionUser } from './session-store.js';

/** Only the hash of a portal link's token is stored: a database copy holds no usable link. */
export const hashPortalToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function findPortalAccount(db: Executor, id: string): Promise<SessionAccount | null> {
  const row = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The user an e-mail names, in whichever account; null when nobody has it. */
export async function findUserWithEmail(
  db: Executor,
  email: string,
): Promise<(SessionUser & { accountId: string }) | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'account_id'])
    .where('email', '=', email)
    .executeTakeFirst();
  return row ? { id: row.id, email: row.email, role: row.role, accountId: row.account_id } : null;
}

export async function accountHasRoot(db: Executor, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('role', '=', 'root')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The users feature owns the team, but it imports this feature (sessions), so the portal writes
 * the row itself, with the same columns as the users feature's `insertUser`. Throws the
 * database's unique violation when the e-mail is taken or a second Root would be created
 * (`users_one_root`).
 */
export async function insertPortalUser(
  db: Executor,
  user: SessionUser & { accountId: string; passwordHash: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      account_id: user.accountId,
      email: user.email,
      role: user.role,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
    })
    .execute();
}

export async function insertPortalSession(db: Executor, row: PortalSessionsTable): Promise<void> {
  await db.insertInto('portal_sessions').values(row).execute();
}

/** Links past their expiry can never be opened again; creation sweeps them. */
export async function deleteExpiredPortalSessions(db: Executor, nowIso: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('expires_at', '<=', nowIso).execute();
}

export interface OpenPortalSession {
  email: string;
  role: Role;
  account: { id: string; name: string; status: AccountStatus };
}

/** The link a token hash names, with its account; null when used, expired or unknown. */
export async function findOpenPortalSession(
  db: Executor,
  tokenHash: string,
  nowIso: string,
): Promise<OpenPortalSession | null> {
  const row = await db
    .selectFrom('portal_sessions')
    .innerJoin('accounts', 'accounts.id', 'portal_sessions.account_id')
    .select([
      'portal_sessions.email',
      'portal_sessions.role',
      'accounts.id as account_id',
      'accounts.name as account_name',
      'accounts.status as account_status',
    ])
    .where('portal_sessions.token_hash', '=', tokenHash)
    .where('portal_sessions.used_at', 'is', null)
    .where('portal_sessions.expires_at', '>', nowIso)
    .executeTakeFirst();
  if (!row) return null;
  return {
    email: row.email,
    role: row.role,
    account: { id: row.account_id, name: row.account_name, status: row.account_status },
  };
}

/**
 * Marks the link used; false when it already was (or has just expired). The conditional update is
 * what makes the link single-use under concurrent GETs.
 */
export async function claimPortalSession(db: Executor, tokenHash: string, nowIso: string): Promise<boolean> {
  const res = await db
    .updateTable('portal_sessions')
    .set({ used_at: nowIso })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
