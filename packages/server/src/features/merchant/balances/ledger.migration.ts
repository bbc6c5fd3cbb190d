import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../../../platform/db/migrations/helpers.js';

/**
 * Every field of Cryptopay's Transaction (CRYPTOPAY-API.md §2.13) on the ledger: the balance after
 * the movement (written under the account's ledger lock, so it is exact), the fee, the references
 * of the object that caused it and that object's status. Rows written before this migration get
 * their running balance computed here, in `seq` order.
 */
export const ledgerMigration: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    for (const column of [
      'balance',
      'fee',
      'fee_currency',
      'custom_id',
      'customer_id',
      'status',
      'status_context',
      'risk',
    ])
      await db.schema.alterTable('merchant_transactions').addColumn(column, 'text').execute();
    await db.schema
      .createIndex('merchant_transactions_reference')
      .on('merchant_transactions')
      .columns(['reference_id'])
      .execute();
    await db.schema
      .createIndex('merchant_transactions_account_seq')
      .on('merchant_transactions')
      .columns(['account_id', 'seq'])
      .execute();

    const rows = await sql<{ seq: number; account_id: string; currency: string; amount: string }>`
      select seq, account_id, currency, amount from merchant_transactions order by seq`.execute(db);
    const running = new Map<string, { units: bigint; scale: number }>();
    for (const r of rows.rows) {
      const key = `${r.account_id}\u0000${r.currency}`;
      const scale = (r.amount.split('.')[1] ?? '').length;
      const prev = running.get(key) ?? { units: 0n, scale };
      const units = prev.units + BigInt(r.amount.replace('.', ''));
      running.set(key, { units, scale });
      const negative = units < 0n;
      const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
      const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
      await sql`update merchant_transactions set balance = ${negative ? `-${text}` : text}, status = 'completed'
        where seq = ${r.seq}`.execute(db);
    }
  },
});
