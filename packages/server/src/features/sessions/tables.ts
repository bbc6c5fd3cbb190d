import type { Generated } from 'kysely';

export interface SessionsTable {
  /** SHA-256 of the cookie value: a copy of the database cannot be replayed as a login. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: string;
}

declare module '../../platform/db/database.js' {
  interface Database {
    sessions: SessionsTable;
    login_failures: LoginFailuresTable;
  }
}
