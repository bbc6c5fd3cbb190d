import type { TestApp } from '../../../support/test-app.js';
import type { Merchant } from '../merchant-fixture.js';

/** Shared by the subscription suites: a valid body, the outbox, the bills. */

export const SUBSCRIPTION_PERMISSIONS = ['subscriptions:read', 'subscriptions:write', 'invoices:read'];

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const DAY = 86_400_000;

/** `starts_at` `days` after the test clock's now, as the SDKs send it. */
export const startsIn = (t: TestApp, days: number) =>
  new Date(t.clock.now.getTime() + days * DAY).toISOString().replace(/\.\d{3}Z$/, '+00:00');

export function body(t: TestApp, extra: Record<string, unknown> = {}) {
  return {
    name: 'Pro plan',
    amount: '10',
    currency: 'EUR',
    period: 'month',
    period_quantity: 1,
    starts_at: startsIn(t, 4),
    payer_email: 'payer@example.com',
    ...extra,
  };
}

export async function createSubscription(m: Merchant, payload: Record<string, unknown>) {
  const res = await m.call('POST', '/api/subscriptions', payload);
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json().data as Record<string, unknown> & { id: string };
}

export interface OutboxEvent {
  type: string;
  event: string;
  data: Record<string, unknown> & { id: string };
}

/** The account's callbacks, oldest first, as the receiver will get their bodies. */
export async function outbox(t: TestApp, accountId: string): Promise<OutboxEvent[]> {
  const rows = await t.ctx.db.kysely
    .selectFrom('callbacks')
    .select(['body'])
    .where('account_id', '=', accountId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => JSON.parse(r.body) as OutboxEvent);
}

export const subscriptionEvents = async (t: TestApp, accountId: string) =>
  (await outbox(t, accountId)).filter((e) => e.type === 'Subscription');

/** The invoices a subscription issued, oldest first. */
export async function bills(t: TestApp, accountId: string, subscriptionId: string) {
  return t.ctx.db.kysely
    .selectFrom('merchant_invoices')
    .select(['id', 'status', 'price_amount', 'price_currency', 'pay_currency', 'metadata'])
    .where('account_id', '=', accountId)
    .where('subscription_id', '=', subscriptionId)
    .orderBy('seq')
    .execute();
}

/** Cryptopay's wire form of a stored ISO time. */
export const wire = (iso: string | Date) =>
  `${(typeof iso === 'string' ? new Date(iso) : iso).toISOString().slice(0, 19)}+00:00`;
