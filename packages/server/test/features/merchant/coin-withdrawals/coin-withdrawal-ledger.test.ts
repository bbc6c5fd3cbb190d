import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUnits } from '../../../../src/features/merchant/balances/ledger-store.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import type { Merchant } from '../merchant-fixture.js';
import {
  balanceOf,
  create,
  fund,
  ledgerRows,
  NEW_WITHDRAWAL,
  withdrawalEvents,
  withdrawalMerchant,
} from './withdrawal-kit.js';

/**
 * The balance under parallel payouts: the ledger lock (ledger-store.ts) serialises debits per
 * account, so however many requests race, exactly those that fit succeed. Runs on SQLite and,
 * with TEST_DATABASE_URL, on PostgreSQL.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Every movement of the currency account through the API, all pages. */
async function accountTransactions(m: Merchant, currency: string) {
  const accounts = (await m.call('GET', '/api/accounts')).json().data as {
    id: string;
    currency: string;
    balance: string;
  }[];
  const account = accounts.find((a) => a.currency === currency)!;
  const out: { id: string; amount: string; reference_id: string; reference_type: string; balance: string }[] =
    [];
  let cursor: string | undefined;
  for (;;) {
    const page = (
      await m.call(
        'GET',
        `/api/accounts/${account.id}/transactions?limit=100${cursor ? `&starting_after=${cursor}` : ''}`,
      )
    ).json();
    out.push(...page.data);
    if (!page.meta.has_more) break;
    cursor = page.data[page.data.length - 1].id;
  }
  return { account, transactions: out };
}

async function expectConsistent(m: Merchant, currency: string) {
  const balance = await balanceOf(t, m.accountId, currency);
  expect(balance).toBeGreaterThanOrEqual(0n);
  const rows = (await ledgerRows(t, m.accountId)).filter((r) => r.currency === currency);
  expect(rows.reduce((sum, r) => sum + signedUnits(r.amount, currency), 0n)).toBe(balance);
  // Every running balance is non-negative: no moment where the account was overdrawn.
  for (const r of rows) expect(signedUnits(r.balance!, currency)).toBeGreaterThanOrEqual(0n);
  const { account, transactions } = await accountTransactions(m, currency);
  expect(signedUnits(account.balance, currency)).toBe(balance);
  expect(transactions.map((x) => x.id).sort()).toEqual(rows.map((r) => r.id).sort());
  expect(new Set(transactions.map((x) => x.id)).size).toBe(transactions.length);
  return { balance, rows, transactions };
}

describe('parallel withdrawals against one balance', () => {
  it('20 at once, room for 9: exactly 9 succeed, 11 get 422, the balance never goes below 0', async () => {
    const m = await withdrawalMerchant(t);
    await fund(t, m.accountId, 'EUR', '95');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        m.call('POST', '/api/coin_withdrawals', {
          ...NEW_WITHDRAWAL,
          received_amount: null,
          charged_amount: '10',
          custom_id: `race-${i}`,
          force_commit: i % 2 === 0,
        }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 201);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(ok).toHaveLength(9);
    expect(refused).toHaveLength(11);
    for (const r of refused) {
      const details = expectEnvelope(r, 422, 'invalid').error.details;
      expect(details.map((d) => [d.code, d.target])).toEqual([
        ['must_be_less_than_or_equal', 'charged_amount'],
        ['must_be_less_than_or_equal', 'received_amount'],
      ]);
      expect(details[0]?.args).toEqual({ value: '5.0' });
    }
    const { balance, rows, transactions } = await expectConsistent(m, 'EUR');
    expect(balance).toBe(500n);
    expect(rows).toHaveLength(10);
    const created = ok.map((r) => r.json().data.id as string);
    const debits = transactions.filter((x) => x.reference_type === 'CoinWithdrawal');
    expect(debits.map((x) => x.reference_id).sort()).toEqual([...created].sort());
    expect(debits.every((x) => x.amount === '-10.00' || x.amount === '-10.0')).toBe(true);
    expect((await m.call('GET', '/api/coin_withdrawals')).json().meta.total).toBe(9);
    expect((await withdrawalEvents(t)).filter((e) => e.accountId === m.accountId)).toHaveLength(9);
  });

  it('parallel cancels of one withdrawal return its money exactly once', async () => {
    const m = await withdrawalMerchant(t);
    await fund(t, m.accountId, 'EUR', '100');
    const w = await create(m, { force_commit: true });
    await m.root.request('POST', `/sandbox/coin-withdrawals/${w.id}/simulate`, { status: 'failed' });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        m.root.request('POST', `/sandbox/coin-withdrawals/${w.id}/simulate`, { status: 'cancelled' }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) expect([409, 422]).toContain(r.statusCode);
    const { balance, rows } = await expectConsistent(m, 'EUR');
    expect(balance).toBe(10_000n);
    expect(rows.filter((r) => r.reference_id === w.id).map((r) => r.amount)).toEqual(['-63.95', '63.95']);
  });

  it('parallel commits and expiries of quotes, mixed with new payouts, keep the books exact', async () => {
    const m = await withdrawalMerchant(t);
    await fund(t, m.accountId, 'EUR', '300');
    const quotes = await Promise.all(Array.from({ length: 4 }, () => create(m)));
    expect(await balanceOf(t, m.accountId, 'EUR')).toBe(30_000n - 4n * 6395n);
    t.clock.advance(31_000);
    // The expired quotes are released by whichever request comes first; the new payouts may
    // use that money.
    const results = await Promise.all([
      ...quotes.map((q) => m.call('POST', `/api/coin_withdrawals/${q.id}/commit`)),
      ...Array.from({ length: 6 }, () =>
        m.call('POST', '/api/coin_withdrawals', { ...NEW_WITHDRAWAL, force_commit: true }),
      ),
    ]);
    for (const r of results.slice(0, 4))
      expect(expectEnvelope(r, 422, 'invalid').error.details[0]?.code).toBe('expired');
    const created = results.slice(4).filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(4);
    const { balance, rows } = await expectConsistent(m, 'EUR');
    expect(balance).toBe(30_000n - 4n * 6395n);
    // 1 deposit + 4 quotes + 4 returns + 4 payouts.
    expect(rows).toHaveLength(13);
  });
});
