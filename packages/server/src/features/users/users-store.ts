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

export async function emailTaken(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return row !== undefined;
}

export async function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').select(['id', 'account_id']).where('email', '=', email).executeTakeFirst();
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

/** Invitations neither accepted nor expired at `nowIso`. */
export async function listOpenInvitations(db: Executor, accountId: string, nowIso: string) {
  return db
    .selectFrom('invitations')
    .select(['id', 'email', 'role', 'created_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .orderBy('created_at')
    .execute();
}

export interface OpenInvitation {
  id: string;
  email: string;
  role: InvitationsTable['role'];
  account: { id: string; name: string; status: AccountStatus };
}

/** The open invitation a link's token hash names, with its account; null when used, expired or unknown. */
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
 * Marks the invitation accepted; false when it already was. The conditional update is what makes
 * the link single-use under concurrent clicks.
 */
export async function claimInvitation(db: Executor, id: string, nowIso: string): Promise<boolean> {
  const res = await db
    .updateTable('invitations')
    .set({ accepted_at: nowIso })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
