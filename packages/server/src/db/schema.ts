import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it. Timestamps are ISO-8601 UTC strings and lists are JSON text, so
 * the same rows read identically from SQLite and PostgreSQL.
 */
export interface AccountsTable {
  id: string;
  name: string;
  status: 'pending' | 'active' | 'suspended';
  callback_url: string | null;
  callback_secret_enc: string;
  callback_secret_key_id: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  account_id: string;
  email: string;
  password_hash: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a copy of the database cannot be replayed as a login. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface InvitationsTable {
  id: string;
  account_id: string;
  email: string;
  role: string;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  account_id: string;
  at: string;
  actor_user_id: string | null;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
}

export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
}
