import { expect } from 'vitest';
import {
  coinWithdrawal,
  type CoinWithdrawal,
} from '../../../../src/features/merchant/coin-withdrawals/coin-withdrawal.schemas.js';
import { WIRE_TIME_PATTERN } from '../../../../src/features/merchant/wire/timestamp.js';
import type { TestApp } from '../../../support/test-app.js';
import { newMerchant, UUID_V4, type Merchant } from '../merchant-fixture.js';

// Re-exported so the withdrawal tests keep one import for their kit.
export { balanceOf, fund, ledgerRows, UUID_V4 } from '../merchant-fixture.js';

/** Valid testnet-shaped addresses (the sandbox checks the format, not checksums). */
export const BTC_ADDRESS = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx';
export const BTC_HIGH_RISK = 'tb1qdeaddeadw508d6qejxtdg4y5r3zarvary0c5xw';

export const WITHDRAWAL_PERMISSIONS = [
  'coin_withdrawals:read',
  'coin_withdrawals:write',
  'accounts:read',
  'transactions:read',
];

export const withdrawalMerchant = (t: TestApp, permissions = WITHDRAWAL_PERMISSIONS): Promise<Merchant> =>
  newMerchant(t, permissions);

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
