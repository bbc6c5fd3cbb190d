import { randomUUID } from 'node:crypto';
import {
  currentBalance,
  postLedgerEntry,
  precisionOf,
} from '../../../src/features/merchant/balances/ledger-store.js';
import { parseUnits } from '../../../src/features/merchant/money/decimal.js';
import { tx } from '../../../src/platform/db/tx.js';
import { createKey, signedCall } from '../merchant-auth/merchant-test-kit.js';
import { signup, type DashboardUser, type TestApp } from '../../support/test-app.js';

export const ALL_MERCHANT_PERMISSIONS = [
  'invoices:read',
  'invoices:write',
  'accounts:read',
  'transactions:read',
  'coins:read',
];

export interface Merchant {
  root: DashboardUser;
  accountId: string;
  /** A request signed with the merchant's key, as an SDK sends it; `body` objects go as JSON. */
  call(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): ReturnType<typeof signedCall>;
}

/** A new account with one API key holding `permissions`. */
export async function newMerchant(t: TestApp, permissions = ALL_MERCHANT_PERMISSIONS): Promise<Merchant> {
  const root = await signup(t.app);
  const key = await createKey(root, permissions);
  return {
    root,
    accountId: root.body.account.id,
    call: (method, path, body) =>
      signedCall(t, key, {
        method,
        path,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
  };
}

/** The merchant API's ids: UUID v4, lowercase. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

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

/** Every ledger row of the account, oldest first, straight from the table. */
export const ledgerRows = (t: TestApp, accountId: string) =>
  t.ctx.db.kysely
    .selectFrom('merchant_transactions')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('seq')
    .execute();
