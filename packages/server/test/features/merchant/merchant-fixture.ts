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
