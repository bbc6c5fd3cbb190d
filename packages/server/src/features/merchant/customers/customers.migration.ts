import type { Kysely } from 'kysely';
import { autoIncrementId, type MigrationFactory } from '../../../platform/db/migrations/helpers.js';

/**
 * Customers (CRYPTOPAY-API.md §2.7). The id is the merchant's, so it is unique per account only:
 * two merchants may both have a customer "42". `seq` orders "newest first" pages.
 */
export const customersMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('merchant_customers')
      .addColumn('seq', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('addresses', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('merchant_customers_account_id')
      .on('merchant_customers')
      .columns(['account_id', 'id'])
      .unique()
      .execute();
    await db.schema
      .createIndex('merchant_customers_account_seq')
      .on('merchant_customers')
      .columns(['account_id', 'seq'])
      .execute();
  },
});
