import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../../../platform/db/migrations/helpers.js';

/** An invoice issued for a subscription's period names it (`subscription_id`, a list filter). */
export const invoiceLinksMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('merchant_invoices').addColumn('subscription_id', 'text').execute();
    await db.schema
      .createIndex('merchant_invoices_subscription')
      .on('merchant_invoices')
      .columns(['account_id', 'subscription_id'])
      .execute();
    await db.schema
      .createIndex('merchant_invoices_customer')
      .on('merchant_invoices')
      .columns(['account_id', 'customer_id'])
      .execute();
  },
});
