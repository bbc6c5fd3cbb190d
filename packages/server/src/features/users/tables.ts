import type { Role } from '../../core/access/roles.js';

export interface UsersTable {
  id: string;
  account_id: string;
  email: string;
  password_hash: string;
  role: Role;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  account_id: string;
  email: string;
  role: Exclude<Role, 'root'>;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  /** Set when revoked, or replaced by a newer invitation of the same e-mail (010_invitations). */
  revoked_at: string | null;
}

declare module '../../platform/db/database.js' {
  interface Database {
    users: UsersTable;
    invitations: InvitationsTable;
  }
}
