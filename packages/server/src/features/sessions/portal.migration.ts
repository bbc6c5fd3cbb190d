import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../../platform/db/migrations/helpers.js';

/**
 * One-time dashboard links a platform opens for a person (`POST /platform/v1/accounts/{id}/portal-sessions`).
 * Only the SHA-256 of the link's token is stored, so a copy of the database holds no usable link.
 */
export const portalSessionsMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('portal_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    // Creation sweeps expired links, so the table holds only links that can still be opened.
    await db.schema
      .createIndex('portal_sessions_expires')
      .on('portal_sessions')
      .column('expires_at')
      .execute();
  },
});
