import type { Kysely } from 'kysely';
import { autoIncrementId, type MigrationFactory } from '../../../platform/db/migrations/helpers.js';

/**
 * Subscriptions (e-mail billing). `seq` orders "newest first" pages; custom_id is unique per
 * account (NULLs never collide); (account_id, status) serves the sweep for lapsed subscriptions.
 */
export const subscriptionsMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('merchant_subscriptions')
      .addColumn('seq', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('custom_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('amount', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('period_quantity', 'integer', (c) => c.notNull())
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('periods_paid', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_paid_invoice_id', 'text')
      .addColumn('payer_email', 'text', (c) => c.notNull())
      .addColumn('payer_name', 'text')
      .addColumn('product_name', 'text')
      .addColumn('product_description', 'text')
      .addColumn('success_redirect_url', 'text')
      .addColumn('unsuccess_redirect_url', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('cancelled_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('merchant_subscriptions_account')
      .on('merchant_subscriptions')
      .columns(['account_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('merchant_subscriptions_status')
      .on('merchant_subscriptions')
      .columns(['account_id', 'status'])
      .execute();
    await db.schema
      .createIndex('merchant_subscriptions_custom_id')
      .on('merchant_subscriptions')
      .columns(['account_id', 'custom_id'])
      .unique()
      .execute();
  },
});
