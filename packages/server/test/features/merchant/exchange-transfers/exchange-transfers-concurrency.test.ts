import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUnits } from '../../../../src/features/merchant/balances/ledger-store.js';
import { startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant } from '../merchant-fixture.js';
import {
  createTransfer,
  expectConsistent,
  fund,
  ledgerRows,
  parseTransfer,
  TRANSFER_PERMISSIONS,
} from './transfer-kit.js';

/**
 * Transfers racing for one balance: every execution (force_commit or commit) debits under the
 * account's ledger lock, so however many requests race, exactly those that fit succeed, each
 * executes once, and the balance never goes below zero. Runs on SQLite and, with
 * TEST_DATABASE_URL, on PostgreSQL (where the requests really run in parallel on the pool).
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const TEN_EUR_OF_BTC = { charged_currency: 'EUR', received_currency: 'BTC', charged_amount: '10' };
const INSUFFICIENT = ['must_be_less_than_or_equal', 'must_be_less_than_or_equal'];

/** The movements of each transfer: none, or exactly its debit and its credit. */
async function movementsByTransfer(accountId: string) {
  const byRef = new Map<string, string[]>();
  for (const r of await ledgerRows(t, accountId))
    if (r.reference_type === 'ExchangeTransfer')
      byRef.set(r.reference_id, [...(byRef.get(r.reference_id) ?? []), r.currency]);
  return byRef;
}

describe('parallel exchange transfers against one balance', () => {
  it('20 forced at once, room for 9: exactly 9 succeed, 11 get the insufficient-funds 422', async () => {
    const m = await newMerchant(t, TRANSFER_PERMISSIONS);
    await fund(t, m.accountId, 'EUR', '95');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        m.call('POST', '/api/exchange_transfers', {
          ...TEN_EUR_OF_BTC,
          force_commit: true,
          custom_id: `race-${i}`,
        }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 201);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(ok).toHaveLength(9);
    for (const r of refused) {
      expect(r.statusCode).toBe(422);
      expect(r.json().error.details.map((d: { code: string }) => d.code)).toEqual(INSUFFICIENT);
    }
    const done = ok.map((r) => parseTransfer(r.json().data));
    const { balance } = await expectConsistent(t, m, 'EUR');
    expect(balance).toBe(500n); // 95 − 9 × 10
    const btc = await expectConsistent(t, m, 'BTC');
    expect(btc.balance).toBe(done.reduce((sum, x) => sum + signedUnits(x.received_amount, 'BTC'), 0n));
    // Each succeeded transfer moved exactly twice (debit, credit); a refused one left no row at all.
    const moved = await movementsByTransfer(m.accountId);
    expect([...moved.keys()].sort()).toEqual(done.map((x) => x.id).sort());
    for (const currencies of moved.values()) expect(currencies).toEqual(['EUR', 'BTC']);
    const stored = await t.ctx.db.kysely
      .selectFrom('merchant_exchange_transfers')
      .select('id')
      .where('account_id', '=', m.accountId)
      .execute();
    expect(stored.map((r) => r.id).sort()).toEqual(done.map((x) => x.id).sort());
  });

  it('10 quotes committed in parallel, each twice, room for 5: 5 execute once each, the rest are refused', async () => {
    const m = await newMerchant(t, TRANSFER_PERMISSIONS);
    await fund(t, m.accountId, 'EUR', '50');
    // Each quote fits the balance on its own; together they do not.
    const quotes = [];
    for (let i = 0; i < 10; i++) quotes.push(await createTransfer(m, TEN_EUR_OF_BTC));
    const attempts = [...quotes, ...quotes].map((q) => q.id);
    const results = await Promise.all(
      attempts.map((id) => m.call('POST', `/api/exchange_transfers/${id}/commit`)),
    );
    const committed = new Set<string>();
    const twinLost: string[] = [];
    results.forEach((r, i) => {
      const id = attempts[i]!;
      if (r.statusCode === 200) {
        expect(committed.has(id)).toBe(false); // never executed twice
        committed.add(id);
        return;
      }
      expect(r.statusCode).toBe(422);
      const codes = r.json().error.details.map((d: { code: string }) => d.code);
      if (codes[0] === 'already_committed') twinLost.push(id);
      else expect(codes).toEqual(INSUFFICIENT);
    });
    // "Already committed" only where the twin commit of the same quote won.
    for (const id of twinLost) expect(committed.has(id)).toBe(true);
    expect(committed.size).toBe(5);
    const { balance } = await expectConsistent(t, m, 'EUR');
    expect(balance).toBe(0n);
    await expectConsistent(t, m, 'BTC');
    const moved = await movementsByTransfer(m.accountId);
    expect([...moved.keys()].sort()).toEqual([...committed].sort());
    for (const currencies of moved.values()) expect(currencies).toEqual(['EUR', 'BTC']);
    // A refused quote is still a quote: once funded, it commits (within its window).
    const leftover = quotes.find((q) => !committed.has(q.id))!;
    await fund(t, m.accountId, 'EUR', '10');
    expect((await m.call('POST', `/api/exchange_transfers/${leftover.id}/commit`)).statusCode).toBe(200);
    expect((await expectConsistent(t, m, 'EUR')).balance).toBe(0n);
  });

  it('one quote committed 10 times at once: one execution, nine already_committed', async () => {
    const m = await newMerchant(t, TRANSFER_PERMISSIONS);
    await fund(t, m.accountId, 'EUR', '100');
    const quote = await createTransfer(m, TEN_EUR_OF_BTC);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => m.call('POST', `/api/exchange_transfers/${quote.id}/commit`)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, ...Array(9).fill(422)]);
    for (const r of results.filter((x) => x.statusCode === 422))
      expect(r.json().error.details.map((d: { code: string }) => d.code)).toEqual(['already_committed']);
    expect((await movementsByTransfer(m.accountId)).get(quote.id)).toEqual(['EUR', 'BTC']);
    expect((await expectConsistent(t, m, 'EUR')).balance).toBe(9000n);
  });

  it('forced transfers and commits racing together, both directions: the balances add up', async () => {
    const m = await newMerchant(t, TRANSFER_PERMISSIONS);
    await fund(t, m.accountId, 'EUR', '60');
    await fund(t, m.accountId, 'BTC', '0.001');
    const quotes = [];
    for (let i = 0; i < 4; i++) quotes.push(await createTransfer(m, TEN_EUR_OF_BTC));
    const sell = {
      charged_currency: 'BTC',
      received_currency: 'EUR',
      charged_amount: '0.0002',
      force_commit: true,
    };
    const results = await Promise.all([
      ...quotes.map((q) => m.call('POST', `/api/exchange_transfers/${q.id}/commit`)),
      ...Array.from({ length: 6 }, () =>
        m.call('POST', '/api/exchange_transfers', { ...TEN_EUR_OF_BTC, force_commit: true }),
      ),
      ...Array.from({ length: 8 }, () => m.call('POST', '/api/exchange_transfers', sell)),
    ]);
    for (const r of results) expect([200, 201, 422]).toContain(r.statusCode);
    // BTC sells: at most 5 of 0.0002 fit in 0.001 plus whatever the EUR legs bought meanwhile.
    const eur = await expectConsistent(t, m, 'EUR');
    const btc = await expectConsistent(t, m, 'BTC');
    const moved = await movementsByTransfer(m.accountId);
    const succeeded = results.filter((r) => r.statusCode !== 422);
    expect(moved.size).toBe(succeeded.length);
    for (const [, currencies] of moved) expect(currencies).toHaveLength(2);
    // Every EUR leg that executed is in the ledger once, and the EUR ones needed the balance.
    const eurDebits = eur.rows.filter(
      (r) => r.reference_type === 'ExchangeTransfer' && r.amount.startsWith('-'),
    );
    const btcDebits = btc.rows.filter(
      (r) => r.reference_type === 'ExchangeTransfer' && r.amount.startsWith('-'),
    );
    expect(eurDebits.length + btcDebits.length).toBe(succeeded.length);
    expect(eurDebits.length).toBeGreaterThanOrEqual(6); // 60 EUR covers six 10 EUR legs even before any sale
  });
});
