import type { Kysely } from 'kysely';
import { autoIncrementId, type MigrationFactory } from '../../platform/db/migrations/helpers.js';

/**
 * Sandbox merchant data: invoices and the ledger of the merchant's currency accounts. `seq` gives
 * a total order for "newest first" pages even when two rows share a timestamp.
 */
export const merchantMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('merchant_invoices')
      .addColumn('seq', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('custom_id', 'text')
      .addColumn('customer_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_context', 'text')
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('price_amount', 'text', (c) => c.notNull())
      .addColumn('price_currency', 'text', (c) => c.notNull())
      .addColumn('fee', 'text', (c) => c.notNull())
      .addColumn('fee_currency', 'text', (c) => c.notNull())
      .addColumn('pay_amount', 'text', (c) => c.notNull())
      .addColumn('pay_currency', 'text', (c) => c.notNull())
      .addColumn('paid_amount', 'text', (c) => c.notNull())
      .addColumn('exchange_rate', 'text', (c) => c.notNull())
      .addColumn('transactions', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('description', 'text')
      .addColumn('metadata', 'text')
      .addColumn('success_redirect_url', 'text')
      .addColumn('unsuccess_redirect_url', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('merchant_invoices_account')
      .on('merchant_invoices')
      .columns(['account_id', 'seq'])
      .execute();
    // custom_id is the merchant's own reference: unique per account (NULLs never collide).
    await db.schema
      .createIndex('merchant_invoices_custom_id')
      .on('merchant_invoices')
      .columns(['account_id', 'custom_id'])
      .unique()
      .execute();

    await db.schema
      .createTable('merchant_transactions')
      .addColumn('seq', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount', 'text', (c) => c.notNull())
      .addColumn('reference_type', 'text', (c) => c.notNull())
      .addColumn('reference_id', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('merchant_transactions_account')
      .on('merchant_transactions')
      .columns(['account_id', 'currency', 'seq'])
      .execute();
  },
});
