import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { FEATURES } from '../../../../src/features.js';
import { openDb } from '../../../../src/platform/db/connect.js';
import { migrateToLatest } from '../../../../src/platform/db/migrate.js';
import { migrationsOf } from '../../../../src/platform/feature.js';
import { pgQuery, testDatabaseUrl } from '../../../support/test-app.js';

describe('migration 023_invoice_refunds on invoices of the older lifecycle', () => {
  it('keeps a context on unresolved invoices only, in Cryptopay’s words, the ledger following', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-migration-'));
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const db = await openDb({
      dataDir: dir,
      databaseUrl: testDatabaseUrl,
      pgSchema: testDatabaseUrl ? schema : undefined,
    });
    try {
      const all = migrationsOf(FEATURES);
      await migrateToLatest(
        db,
        Object.fromEntries(Object.entries(all).filter(([name]) => name < '023_invoice_refunds')),
      );
      const k = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const at = '2025-01-01T00:00:00.000Z';
      await k
        .insertInto('accounts')
        .values({
          id: 'acc',
          name: 'Old',
          status: 'active',
          callback_url: null,
          callback_secret_enc: 'x',
          callback_secret_key_id: 'k',
          created_at: at,
          updated_at: at,
        })
        .execute();
      const invoice = (id: string, status: string, context: string | null, paid: string) => ({
        id,
        account_id: 'acc',
        custom_id: null,
        customer_id: null,
        subscription_id: null,
        status,
        status_context: context,
        address: 'tb1qaddress',
        network: 'bitcoin',
        price_amount: '100.00',
        price_currency: 'EUR',
        fee: '1.00',
        fee_currency: 'EUR',
        pay_amount: '0.00167505',
        pay_currency: 'BTC',
        paid_amount: paid,
        exchange_rate: '59700.0',
        transactions: '[]',
        name: null,
        description: null,
        metadata: null,
        success_redirect_url: null,
        unsuccess_redirect_url: null,
        created_at: at,
        expires_at: at,
        updated_at: at,
      });
      await k
        .insertInto('merchant_invoices')
        .values([
          invoice('illegal', 'unresolved', 'illegal_transaction', '0.00167505'),
          invoice('multi-full', 'unresolved', 'multiple_transactions', '0.00167505'),
          invoice('multi-less', 'unresolved', 'multiple_transactions', '0.00100000'),
          invoice('multi-more', 'unresolved', 'multiple_transactions', '0.00200000'),
          invoice('done-over', 'completed', 'overpaid', '0.00200000'),
          invoice('under', 'unresolved', 'underpaid', '0.00100000'),
          invoice('plain', 'new', null, '0.00000000'),
        ])
        .execute();
      await k
        .insertInto('merchant_transactions')
        .values({
          id: 'tx-1',
          account_id: 'acc',
          currency: 'EUR',
          amount: '99.00',
          balance: '99.00',
          reference_type: 'Invoice',
          reference_id: 'done-over',
          description: 'paid',
          status: 'completed',
          status_context: 'overpaid',
          created_at: at,
        })
        .execute();

      expect(await migrateToLatest(db, all)).toContain('023_invoice_refunds');
      const rows = await k
        .selectFrom('merchant_invoices')
        .select(['id', 'status', 'status_context'])
        .orderBy('id')
        .execute();
      expect(Object.fromEntries(rows.map((r) => [r.id, `${r.status}/${r.status_context}`]))).toEqual({
        'done-over': 'completed/null',
        illegal: 'unresolved/illicit_resource',
        'multi-full': 'unresolved/paid_late',
        'multi-less': 'unresolved/underpaid',
        'multi-more': 'unresolved/overpaid',
        plain: 'new/null',
        under: 'unresolved/underpaid',
      });
      const ledger = await k.selectFrom('merchant_transactions').select('status_context').execute();
      expect(ledger).toEqual([{ status_context: null }]);
      expect(await k.selectFrom('merchant_invoice_refunds').selectAll().execute()).toEqual([]);
    } finally {
      await db.close();
      if (testDatabaseUrl) await pgQuery(`drop schema if exists ${schema} cascade`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
