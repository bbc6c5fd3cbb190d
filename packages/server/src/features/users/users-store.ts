import type { Executor } from '../../platform/db/database.js';
import type { AccountStatus } from '../../core/access/roles.js';
import type { Role } from '../../core/access/roles.js';
import type { InvitationsTable } from './tables.js';

export interface NewUser {
  id: string;
  accountId: string;
  email: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
}

/** Throws the database's unique violation when the e-mail is taken (the caller turns it into a 409). */
export async function insertUser(db: Executor, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      role: user.role,
      account_id: user.accountId,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
    })
    .execute();
}

/** True when any account has a user with this e-mail (e-mails are unique across accounts). */
export async function emailTaken(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return row !== undefined;
}

export async function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').select(['id', 'account_id']).where('email', '=', email).executeTakeFirst();
}

export async function isMemberEmail(db: Executor, accountId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Locks the account's row until the transaction ends and returns its status (null: no such
 * account). Invitations of one account are decided one at a time under it, so the hourly limit,
 * the pending cap and "one invitation per e-mail" hold under concurrent requests on PostgreSQL
 * (SQLite runs one write transaction at a time anyway). A no-op update is the portable row lock.
 */
export async function lockAccount(db: Executor, accountId: string): Promise<AccountStatus | null> {
  const row = await db
    .updateTable('accounts')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', accountId)
    .returning('status')
    .executeTakeFirst();
  return row?.status ?? null;
}

/** A user of the given account; another account's user id is simply not found. */
export async function findTeamMember(db: Executor, accountId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'created_at'])
    .where('id', '=', userId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function listTeamMembers(db: Executor, accountId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'created_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
}

export async function setUserRole(db: Executor, userId: string, role: Role): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

export async function setPasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export async function deleteUser(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

export async function insertInvitation(db: Executor, invitation: InvitationsTable): Promise<void> {
  await db.insertInto('invitations').values(invitation).execute();
}

/** Invitations neither accepted, revoked nor expired at `nowIso`. */
export async function listOpenInvitations(db: Executor, accountId: string, nowIso: string) {
  return db
    .selectFrom('invitations')
    .select(['id', 'email', 'role', 'created_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .orderBy('created_at')
    .execute();
}

export async function countPendingInvitations(db: Executor, accountId: string, nowIso: string) {
  const row = await db
    .selectFrom('invitations')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * When the account's `n`-th newest invitation created after `sinceIso` was created (accepted,
 * revoked and replaced ones count: the limit is on invitations sent); null when it sent fewer.
 */
export async function nthNewestInvitationSince(
  db: Executor,
  accountId: string,
  sinceIso: string,
  n: number,
): Promise<string | null> {
  const row = await db
    .selectFrom('invitations')
    .select('created_at')
    .where('account_id', '=', accountId)
    .where('created_at', '>', sinceIso)
    .orderBy('created_at', 'desc')
    .limit(1)
    .offset(n - 1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

/**
 * Closes every not-yet-closed invitation of this e-mail in the account (a new one replaces them);
 * returns those that were still live at `nowIso`, for the audit log.
 */
export async function closeInvitationsOf(db: Executor, accountId: string, email: string, nowIso: string) {
  const closed = await db
    .updateTable('invitations')
    .set({ revoked_at: nowIso })
    .where('account_id', '=', accountId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returning(['id', 'role', 'expires_at'])
    .execute();
  return closed.filter((inv) => inv.expires_at > nowIso);
}

/**
 * Revokes one of the account's live invitations; returns what it was, or null when the account has
 * no such live invitation (unknown, another account's, accepted, revoked or expired). The
 * conditional update is what makes a revocation and a concurrent acceptance exclude each other.
 */
export async function revokeOpenInvitation(db: Executor, accountId: string, id: string, nowIso: string) {
  const row = await db
    .updateTable('invitations')
    .set({ revoked_at: nowIso })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .returning(['email', 'role'])
    .executeTakeFirst();
  return row ?? null;
}

export interface OpenInvitation {
  id: string;
  email: string;
  role: InvitationsTable['role'];
  account: { id: string; name: string; status: AccountStatus };
}

/** The open invitation a link's token hash names, with its account; null when used, revoked, expired or unknown. */
export async function findOpenInvitation(
  db: Executor,
  tokenHash: string,
  nowIso: string,
): Promise<OpenInvitation | null> {
  const row = await db
    .selectFrom('invitations')
    .innerJoin('accounts', 'accounts.id', 'invitations.account_id')
    .select([
      'invitations.id',
      'invitations.email',
      'invitations.role',
      'accounts.id as account_id',
      'accounts.name as account_name',
      'accounts.status as account_status',
    ])
    .where('invitations.token_hash', '=', tokenHash)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', nowIso)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    account: { id: row.account_id, name: row.account_name, status: row.account_status },
  };
}

/**
 * Marks the invitation accepted; false when it already was, or was revoked meanwhile. The conditional
 * update is what makes the link single-use under concurrent clicks.
 */
export async function claimInvitation(db: Executor, id: string, nowIso: string): Promise<boolean> {
  const res = await db
    .updateTable('invitations')
    .set({ accepted_at: nowIso })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
