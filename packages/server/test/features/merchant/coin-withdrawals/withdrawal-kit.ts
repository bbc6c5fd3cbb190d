import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { tx } from '../../../../src/platform/db/tx.js';
import {
  currentBalance,
  postLedgerEntry,
  precisionOf,
} from '../../../../src/features/merchant/balances/ledger-store.js';
import { parseUnits } from '../../../../src/features/merchant/money/decimal.js';
import {
  coinWithdrawal,
  type CoinWithdrawal,
} from '../../../../src/features/merchant/coin-withdrawals/coin-withdrawal.schemas.js';
import { WIRE_TIME_PATTERN } from '../../../../src/features/merchant/wire/timestamp.js';
import type { TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';

/** Valid testnet-shaped addresses (the sandbox checks the format, not checksums). */
export const BTC_ADDRESS = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx';
export const BTC_HIGH_RISK = 'tb1qdeaddeadw508d6qejxtdg4y5r3zarvary0c5xw';

export const WITHDRAWAL_PERMISSIONS = [
  'coin_withdrawals:read',
  'coin_withdrawals:write',
  'accounts:read',
  'transactions:read',
];

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const withdrawalMerchant = (t: TestApp, permissions = WITHDRAWAL_PERMISSIONS): Promise<Merchant> =>
  newMerchant(t, permissions);

/** A deposit straight into the ledger, as a manual balance transaction. */
export async function fund(t: TestApp, accountId: string, currency: string, amount: string): Promise<void> {
  const parsed = parseUnits(amount, precisionOf(currency));
  if (!parsed.ok) throw new Error(parsed.message);
  await tx(t.ctx, (x) =>
    postLedgerEntry(x.db, {
      accountId,
      currency,
      units: parsed.units,
      referenceType: 'ManualBalanceTransaction',
      referenceId: randomUUID(),
      description: 'test funding',
      at: x.now.toISOString(),
    }),
  );
}

export const balanceOf = (t: TestApp, accountId: string, currency: string) =>
  currentBalance(t.ctx.db.kysely, accountId, currency);

/** The withdrawal's wire shape, strictly: a missing or extra field fails. */
export function parseWithdrawal(data: unknown): CoinWithdrawal {
  const w = coinWithdrawal.strict().parse(data);
  expect(w.id).toMatch(UUID_V4);
  expect(w.created_at).toMatch(WIRE_TIME_PATTERN);
  return w;
}

export interface OutboxEvent {
  accountId: string;
  type: string;
  event: string;
  data: CoinWithdrawal;
}

/** CoinWithdrawal callbacks in the outbox, oldest first (optionally of one withdrawal). */
export async function withdrawalEvents(t: TestApp, id?: string): Promise<OutboxEvent[]> {
  const rows = await t.ctx.db.kysely
    .selectFrom('callbacks')
    .select(['account_id', 'body'])
    .orderBy('seq')
    .execute();
  return rows
    .map((r) => ({ accountId: r.account_id, ...(JSON.parse(r.body) as Omit<OutboxEvent, 'accountId'>) }))
    .filter((e) => e.type === 'CoinWithdrawal' && (id === undefined || e.data.id === id));
}

/** Every ledger row of the account (oldest first), straight from the table. */
export const ledgerRows = (t: TestApp, accountId: string) =>
  t.ctx.db.kysely
    .selectFrom('merchant_transactions')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('seq')
    .execute();

export const NEW_WITHDRAWAL = {
  address: BTC_ADDRESS,
  charged_currency: 'EUR',
  received_currency: 'BTC',
  received_amount: '0.001',
};

/** Creates one, expecting 201, and returns it parsed. */
export async function create(m: Merchant, extra: Record<string, unknown> = {}): Promise<CoinWithdrawal> {
  const res = await m.call('POST', '/api/coin_withdrawals', { ...NEW_WITHDRAWAL, ...extra });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return parseWithdrawal(res.json().data);
}
