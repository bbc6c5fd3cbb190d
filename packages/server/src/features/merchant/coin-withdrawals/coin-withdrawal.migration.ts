import type { Kysely } from 'kysely';
import { autoIncrementId, type MigrationFactory } from '../../../platform/db/migrations/helpers.js';

/**
 * Coin withdrawals (payouts). `seq` orders "newest first" pages; custom_id is unique per account
 * (NULLs never collide); (account_id, status, created_at) finds the `new` ones whose commit window
 * has closed.
 */
export const coinWithdrawalsMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('merchant_coin_withdrawals')
      .addColumn('seq', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('custom_id', 'text')
      .addColumn('customer_id', 'text')
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('txid', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('charged_amount', 'text', (c) => c.notNull())
      .addColumn('charged_currency', 'text', (c) => c.notNull())
      .addColumn('received_amount', 'text', (c) => c.notNull())
      .addColumn('received_currency', 'text', (c) => c.notNull())
      .addColumn('network_fee', 'text', (c) => c.notNull())
      .addColumn('network_fee_level', 'text', (c) => c.notNull())
      .addColumn('fee', 'text', (c) => c.notNull())
      .addColumn('fee_currency', 'text', (c) => c.notNull())
      .addColumn('exchange_rate', 'text')
      .addColumn('risk', 'text', (c) => c.notNull())
      .addColumn('beneficiary', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('committed_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('merchant_coin_withdrawals_account')
      .on('merchant_coin_withdrawals')
      .columns(['account_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('merchant_coin_withdrawals_customer')
      .on('merchant_coin_withdrawals')
      .columns(['account_id', 'customer_id'])
      .execute();
    await db.schema
      .createIndex('merchant_coin_withdrawals_status')
      .on('merchant_coin_withdrawals')
      .columns(['account_id', 'status', 'created_at'])
      .execute();
    await db.schema
      .createIndex('merchant_coin_withdrawals_custom_id')
      .on('merchant_coin_withdrawals')
      .columns(['account_id', 'custom_id'])
      .unique()
      .execute();
  },
});
