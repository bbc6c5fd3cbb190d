import type { Kysely } from 'kysely';
import { autoIncrementId, type MigrationFactory } from '../../../platform/db/migrations/helpers.js';

/**
 * Exchange transfers (CRYPTOPAY-API.md §2.8): quotes and executed conversions between two of a
 * merchant's currency accounts. custom_id is unique per account (NULLs never collide), a lapsed
 * quote's included.
 */
export const exchangeTransfersMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('merchant_exchange_transfers')
      .addColumn('seq', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('custom_id', 'text')
      .addColumn('charged_amount', 'text', (c) => c.notNull())
      .addColumn('charged_currency', 'text', (c) => c.notNull())
      .addColumn('received_amount', 'text', (c) => c.notNull())
      .addColumn('received_currency', 'text', (c) => c.notNull())
      .addColumn('pair', 'text', (c) => c.notNull())
      .addColumn('rate', 'text', (c) => c.notNull())
      .addColumn('fee', 'text', (c) => c.notNull())
      .addColumn('fee_currency', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('committed_at', 'text')
      .execute();
    await db.schema
      .createIndex('merchant_exchange_transfers_custom_id')
      .on('merchant_exchange_transfers')
      .columns(['account_id', 'custom_id'])
      .unique()
      .execute();
  },
});
