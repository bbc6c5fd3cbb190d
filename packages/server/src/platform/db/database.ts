import type { Generated, Kysely, Transaction } from 'kysely';

/**
 * The database as Kysely sees it. Each feature adds its own tables to this interface from its
 * `tables.ts` (declaration merging), so the platform names no feature's table. Timestamps are
 * ISO-8601 UTC strings and lists are JSON text, so rows read identically from SQLite and PostgreSQL.
 */
export interface Database {
  /** The audit log is the platform's: the transaction helper writes it for every feature. */
  audit_log: AuditLogTable;
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

/** Where a store runs its SQL: the pool, or the transaction of the unit of work that called it. */
export type Executor = Kysely<Database> | Transaction<Database>;
