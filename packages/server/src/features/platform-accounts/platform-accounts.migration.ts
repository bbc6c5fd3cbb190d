import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../../platform/db/migrations/helpers.js';

/**
 * External ids of provisioned accounts, beside the accounts table rather than in it: the accounts
 * feature owns that table, and only platform-created accounts have one.
 */
export const platformAccountsMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('account_external_ids')
      .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
      .addColumn('external_id', 'text', (c) => c.notNull().unique())
      .execute();
  },
});
