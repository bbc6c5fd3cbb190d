import type { Kysely } from 'kysely';
import { autoIncrementId, type MigrationFactory } from '../../../platform/db/migrations/helpers.js';

/**
 * Channels (permanent deposit addresses) and the payments they receive. `seq` orders "newest
 * first" pages; custom_id is unique per account (NULLs never collide), like invoices'.
 */
export const channelsMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('merchant_channels')
      .addColumn('seq', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('pay_currency', 'text', (c) => c.notNull())
      .addColumn('receiver_currency', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('custom_id', 'text')
      .addColumn('customer_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('merchant_channels_account')
      .on('merchant_channels')
      .columns(['account_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('merchant_channels_customer')
      .on('merchant_channels')
      .columns(['account_id', 'customer_id'])
      .execute();
    await db.schema
      .createIndex('merchant_channels_custom_id')
      .on('merchant_channels')
      .columns(['account_id', 'custom_id'])
      .unique()
      .execute();

    await db.schema
      .createTable('merchant_channel_payments')
      .addColumn('seq', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('channel_id', 'text', (c) => c.notNull().references('merchant_channels.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_context', 'text')
      .addColumn('paid_amount', 'text', (c) => c.notNull())
      .addColumn('paid_currency', 'text', (c) => c.notNull())
      .addColumn('received_amount', 'text', (c) => c.notNull())
      .addColumn('received_currency', 'text', (c) => c.notNull())
      .addColumn('fee', 'text', (c) => c.notNull())
      .addColumn('fee_currency', 'text', (c) => c.notNull())
      .addColumn('exchange_rate', 'text', (c) => c.notNull())
      .addColumn('txid', 'text', (c) => c.notNull())
      .addColumn('risk', 'text', (c) => c.notNull())
      .addColumn('refund_address', 'text')
      .addColumn('coin_withdrawal_id', 'text')
      .addColumn('custom_id', 'text')
      .addColumn('customer_id', 'text')
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('merchant_channel_payments_channel')
      .on('merchant_channel_payments')
      .columns(['account_id', 'channel_id', 'seq'])
      .execute();
  },
});
