import { sql, type Kysely } from 'kysely';
import { autoIncrementId, type MigrationFactory } from '../../../platform/db/migrations/helpers.js';

/**
 * Refunds and recalculations of invoices (CRYPTOPAY-API.md §2.2, §2.3). Both belong to one
 * invoice of one account; `seq` orders an invoice's refunds oldest first.
 *
 * Also brings older sandbox invoices to Cryptopay's contexts: only `unresolved` has one, and it
 * is `overpaid`, `underpaid`, `paid_late` or `illicit_resource` (was `illegal_transaction`; the
 * retired `multiple_transactions` reads by amount, a full payment as `paid_late` — the one context
 * that holds a full payment). The ledger's copy of the context follows.
 */
export const invoiceRefundsMigration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('merchant_invoice_refunds')
      .addColumn('seq', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('invoice_id', 'text', (c) => c.notNull().references('merchant_invoices.id'))
      .addColumn('custom_id', 'text')
      .addColumn('amount', 'text', (c) => c.notNull())
      .addColumn('amount_currency', 'text', (c) => c.notNull())
      .addColumn('fee', 'text', (c) => c.notNull())
      .addColumn('fee_currency', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('txid', 'text')
      .addColumn('risk', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('completed_at', 'text')
      .execute();
    await db.schema
      .createIndex('merchant_invoice_refunds_invoice')
      .on('merchant_invoice_refunds')
      .columns(['account_id', 'invoice_id', 'seq'])
      .execute();

    await db.schema
      .createTable('merchant_invoice_recalculations')
      .addColumn('seq', autoIncrementId(dialect), (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('invoice_id', 'text', (c) => c.notNull().references('merchant_invoices.id'))
      .addColumn('pay_amount', 'text', (c) => c.notNull())
      .addColumn('pay_currency', 'text', (c) => c.notNull())
      .addColumn('price_amount', 'text', (c) => c.notNull())
      .addColumn('price_currency', 'text', (c) => c.notNull())
      .addColumn('fee', 'text', (c) => c.notNull())
      .addColumn('fee_currency', 'text', (c) => c.notNull())
      .addColumn('previous_pay_amount', 'text', (c) => c.notNull())
      .addColumn('previous_price_amount', 'text', (c) => c.notNull())
      .addColumn('previous_exchange_rate', 'text')
      .addColumn('exchange_rate', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('committed_at', 'text')
      .execute();
    await db.schema
      .createIndex('merchant_invoice_recalculations_invoice')
      .on('merchant_invoice_recalculations')
      .columns(['account_id', 'invoice_id'])
      .execute();

    await retireOldContexts(db);
  },
});

const CURRENT = ['overpaid', 'underpaid', 'paid_late', 'illicit_resource'];

/** Amounts of one invoice share the coin's precision, so their digits compare as integers. */
const digits = (amount: string) => BigInt(amount.replace('.', ''));

async function retireOldContexts(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{
    id: string;
    status: string;
    status_context: string;
    pay_amount: string;
    paid_amount: string;
  }>`select id, status, status_context, pay_amount, paid_amount from merchant_invoices
      where status_context is not null`.execute(db);
  for (const r of rows.rows) {
    let context: string | null = r.status_context;
    if (r.status !== 'unresolved') context = null;
    else if (context === 'illegal_transaction') context = 'illicit_resource';
    else if (!CURRENT.includes(context)) {
      const paid = digits(r.paid_amount);
      const due = digits(r.pay_amount);
      context = paid < due ? 'underpaid' : paid > due ? 'overpaid' : 'paid_late';
    }
    if (context === r.status_context) continue;
    await sql`update merchant_invoices set status_context = ${context} where id = ${r.id}`.execute(db);
    await sql`update merchant_transactions set status_context = ${context} where reference_id = ${r.id}`.execute(
      db,
    );
  }
}
