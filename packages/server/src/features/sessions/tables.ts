import type { Role } from '../../core/access/roles.js';

export interface SessionsTable {
  /** SHA-256 of the cookie value: a copy of the database cannot be replayed as a login. */
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  /**
   * When the session last proved its user afresh: the login itself (password, and the second
   * factor when enrolled), then each step-up. Credential actions want it recent (SIGNET_STEP_UP_MINUTES).
   */
  step_up_at: string | null;
}

/** A one-time portal link (see portal.migration.ts); `used_at` is set by the one GET that opens it. */
export interface PortalSessionsTable {
  token_hash: string;
  account_id: string;
  email: string;
  role: Role;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

declare module '../../platform/db/database.js' {
  interface Database {
    sessions: SessionsTable;
    portal_sessions: PortalSessionsTable;
  }
}
