import { expect } from 'vitest';
import { exchangeTransfer, type ExchangeTransfer } from '../../../../src/contract.js';
import { signedUnits } from '../../../../src/features/merchant/balances/ledger-store.js';
import type { TestApp } from '../../../support/test-app.js';
import { balanceOf, ledgerRows, UUID_V4, type Merchant } from '../merchant-fixture.js';

// Re-exported so the transfer tests keep one import for their kit.
export { balanceOf, fund, ledgerRows, UUID_V4 } from '../merchant-fixture.js';

export const TRANSFER_PERMISSIONS = ['exchange_transfers:read', 'exchange_transfers:write', 'accounts:read'];

/** The strict model: an extra field (a status, a created_at) or a missing one fails. */
export function parseTransfer(data: unknown): ExchangeTransfer {
  const x = exchangeTransfer.strict().parse(data);
  expect(x.id).toMatch(UUID_V4);
  expect(x.exchange).not.toBeNull();
  expect(Object.keys(x.exchange!).sort()).toEqual(['fee', 'fee_currency', 'pair', 'rate']);
  return x;
}

export interface WireTransaction {
  id: string;
  amount: string;
  currency: string;
  balance: string;
  fee: string | null;
  fee_currency: string | null;
  reference_id: string;
  reference_type: string;
  status: string | null;
  status_context: string | null;
  custom_id: string | null;
}

/** The currency account and every one of its movements through the API, all pages. */
export async function accountTransactions(m: Merchant, currency: string) {
  const accounts = (await m.call('GET', '/api/accounts')).json().data as {
    id: string;
    currency: string;
    balance: string;
  }[];
  const account = accounts.find((a) => a.currency === currency);
  if (!account) throw new Error(`no ${currency} account`);
  const out: WireTransaction[] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await m.call(
      'GET',
      `/api/accounts/${account.id}/transactions?limit=100${cursor ? `&starting_after=${cursor}` : ''}`,
    );
    if (res.statusCode !== 200) throw new Error(`transactions: ${res.statusCode} ${res.body}`);
    const page = res.json();
    out.push(...page.data);
    if (!page.meta.has_more) break;
    cursor = page.data[page.data.length - 1].id;
  }
  return { account, transactions: out };
}

/**
 * The account's ledger adds up in `currency`: never negative at any row, the balance is the sum
 * of the movements, and the API lists each movement exactly once.
 */
export async function expectConsistent(t: TestApp, m: Merchant, currency: string) {
  const balance = await balanceOf(t, m.accountId, currency);
  expect(balance).toBeGreaterThanOrEqual(0n);
  const rows = (await ledgerRows(t, m.accountId)).filter((r) => r.currency === currency);
  expect(rows.reduce((sum, r) => sum + signedUnits(r.amount, currency), 0n)).toBe(balance);
  for (const r of rows) expect(signedUnits(r.balance!, currency)).toBeGreaterThanOrEqual(0n);
  const { account, transactions } = await accountTransactions(m, currency);
  expect(signedUnits(account.balance, currency)).toBe(balance);
  expect(transactions.map((x) => x.id).sort()).toEqual(rows.map((r) => r.id).sort());
  expect(new Set(transactions.map((x) => x.id)).size).toBe(transactions.length);
  return { balance, rows, transactions };
}

/** Creates a transfer, expecting 201; parsed strictly. */
export async function createTransfer(m: Merchant, body: Record<string, unknown>): Promise<ExchangeTransfer> {
  const res = await m.call('POST', '/api/exchange_transfers', body);
  if (res.statusCode !== 201) throw new Error(`create transfer: ${res.statusCode} ${res.body}`);
  return parseTransfer(res.json().data);
}
