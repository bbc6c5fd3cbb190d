import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { subscription } from '../../../../src/features/merchant/subscriptions/subscriptions.schemas.js';
import { expectEnvelope, login, signup, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';
import {
  bills,
  body,
  createSubscription,
  outbox,
  startsIn,
  SUBSCRIPTION_PERMISSIONS,
  subscriptionEvents,
  wire,
} from './subscription-kit.js';

let t: TestApp;
let prod: TestApp;
beforeAll(async () => {
  // The production-mode app only checks that the sandbox routes are absent.
  [t, prod] = await Promise.all([startTestApp(), startTestApp({ SIGNET_MODE: 'production' })]);
});
afterAll(async () => {
  await Promise.all([t.close(), prod.close()]);
});

const DAY = 86_400_000;
const strict = subscription.strict();

/**
 * The merchant's dashboard user, signed in now: the fake clock moves days ahead, past the
 * session's idle timeout, so each call logs in afresh.
 */
const dashboard = (m: Merchant) => login(t.app, m.root.body.user.email);

const simulate = async (m: Merchant, id: string, status: unknown) =>
  (await dashboard(m)).request('POST', `/sandbox/subscriptions/${id}/simulate`, { status });

/** `starts_at` plus `months` calendar months, for a subscription created with a mid-month start. */
const plusMonths = (iso: string, months: number) => {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return wire(d);
};

/** The account's sandbox audit lines, newest first (signing in writes lines of its own). */
async function auditActions(m: Merchant): Promise<{ action: string; target: string }[]> {
  const lines = (await (await dashboard(m)).request('GET', '/audit-log')).json().data as {
    action: string;
    target: string;
  }[];
  return lines.filter((l) => l.action.startsWith('sandbox.'));
}

describe('simulating paid', () => {
  it('completes the bill, marks the period paid, advances the dates and emits paid with the object', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(m, body(t, { starts_at: startsIn(t, 4) }));
    const [bill] = await bills(t, m.accountId, sub.id);
    t.clock.advance(DAY);

    const res = await simulate(m, sub.id, 'paid');
    expect(res.statusCode).toBe(200);
    const paid = strict.parse(res.json().data);
    const startsAt = sub.current_period_ends_at as string;
    expect(paid).toEqual({
      ...sub,
      status: 'active',
      current_period_paid: true,
      current_period_starts_at: startsAt,
      current_period_ends_at: plusMonths(startsAt, 1),
    });

    // The bill is completed (the invoice's own callbacks), then the subscription's `paid`.
    expect((await bills(t, m.accountId, sub.id)).map((b) => [b.id, b.status])).toEqual([
      [bill?.id, 'completed'],
    ]);
    const events = await outbox(t, m.accountId);
    const invoiceEvents = events.filter((e) => e.type === 'Invoice').map((e) => e.event);
    expect(invoiceEvents[0]).toBe('created');
    expect(invoiceEvents.at(-1)).toBe('status_changed');
    expect(events.filter((e) => e.type === 'Invoice').at(-1)?.data).toMatchObject({ status: 'completed' });
    expect(events.at(-1)?.type).toBe('Subscription');
    const subEvents = await subscriptionEvents(t, m.accountId);
    expect(subEvents.map((e) => e.event)).toEqual(['paid']);
    expect(strict.parse(subEvents[0]?.data)).toEqual(paid);

    expect(strict.parse((await m.call('GET', `/api/subscriptions/${sub.id}`)).json().data)).toEqual(paid);
    const audit = await auditActions(m);
    expect(audit[0]).toMatchObject({
      action: 'sandbox.subscription_simulated',
      actor: m.root.body.user.email,
      target: `${sub.id}: period 1 paid (invoice ${bill?.id})`,
    });
    expect(audit.some((a) => a.action === 'sandbox.invoice_simulated')).toBe(true);

    // Paid before the deadline: it does not lapse when starts_at passes.
    t.clock.advance(10 * DAY);
    expect((await m.call('GET', `/api/subscriptions/${sub.id}`)).json().data).toEqual(paid);
    expect(await subscriptionEvents(t, m.accountId)).toHaveLength(1);
  });

  it('each further payment bills and pays the next period: the dates advance by one period', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(m, body(t, { period: 'day', period_quantity: 10 }));
    const startsAt = sub.current_period_ends_at as string;
    await simulate(m, sub.id, 'paid');
    const second = strict.parse((await simulate(m, sub.id, 'paid')).json().data);
    const start = new Date(startsAt).getTime();
    expect(second).toMatchObject({
      current_period_paid: true,
      current_period_starts_at: wire(new Date(start + 10 * DAY)),
      current_period_ends_at: wire(new Date(start + 20 * DAY)),
    });
    const issued = await bills(t, m.accountId, sub.id);
    expect(issued.map((b) => b.status)).toEqual(['completed', 'completed']);
    expect(JSON.parse(issued[1]?.metadata ?? 'null')).toEqual({
      subscription_period_starts_at: second.current_period_starts_at,
      subscription_period_ends_at: second.current_period_ends_at,
    });
    const subEvents = await subscriptionEvents(t, m.accountId);
    expect(subEvents.map((e) => e.event)).toEqual(['paid', 'paid']);
    expect(strict.parse(subEvents[1]?.data)).toEqual(second);
    // The merchant finds the bills through the invoices list's subscription filter.
    const listed = (await m.call('GET', `/api/invoices?subscription_id=${sub.id}`)).json();
    expect(
      listed.data.map((i: { id: string; subscription_id: string }) => [i.id, i.subscription_id]),
    ).toEqual([
      [issued[1]?.id, sub.id],
      [issued[0]?.id, sub.id],
    ]);
    expect(listed.meta).toEqual({ total: 2, has_more: false });
  });

  it('a bill already completed through the invoice tools is counted, not paid again', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(m, body(t));
    const [bill] = await bills(t, m.accountId, sub.id);
    const done = await m.root.request('POST', '/sandbox/simulate', {
      resource: 'invoice',
      id: bill?.id,
      state: 'completed',
    });
    expect(done.statusCode).toBe(200);
    const invoiceEventsBefore = (await outbox(t, m.accountId)).filter((e) => e.type === 'Invoice').length;
    const res = await simulate(m, sub.id, 'paid');
    expect(res.json().data.current_period_paid).toBe(true);
    expect((await bills(t, m.accountId, sub.id)).map((b) => b.status)).toEqual(['completed']);
    expect((await outbox(t, m.accountId)).filter((e) => e.type === 'Invoice')).toHaveLength(
      invoiceEventsBefore,
    );
  });

  it('a bill that can no longer be paid is replaced by a new one for the same period', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(m, body(t));
    const [bill] = await bills(t, m.accountId, sub.id);
    await m.root.request('POST', '/sandbox/simulate', {
      resource: 'invoice',
      id: bill?.id,
      state: 'cancelled',
    });
    await simulate(m, sub.id, 'paid');
    const issued = await bills(t, m.accountId, sub.id);
    expect(issued.map((b) => b.status)).toEqual(['cancelled', 'completed']);
    expect(issued[1]?.metadata).toBe(issued[0]?.metadata);
  });

  it('after the deadline the subscription lapses first: paid is refused with invalid_state', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(m, body(t, { starts_at: startsIn(t, 3.5) }));
    t.clock.advance(4 * DAY);
    const res = await simulate(m, sub.id, 'paid');
    const err = expectEnvelope(res, 422, 'validation_failed');
    expect(err.error.details).toEqual([
      {
        field: 'subscription_id',
        message: 'a cancelled subscription cannot be paid',
        code: 'invalid_state',
        args: { status: 'cancelled' },
      },
    ]);
    const subEvents = await subscriptionEvents(t, m.accountId);
    expect(subEvents.map((e) => [e.event, e.data.status, e.data.cancelled_at])).toEqual([
      ['cancelled', 'cancelled', sub.current_period_ends_at],
    ]);
    // Nothing was billed or paid by the refused call.
    expect((await bills(t, m.accountId, sub.id)).map((b) => b.status)).toEqual(['new']);
  });
});

describe('simultaneous moves', () => {
  it('two payments at once pay two periods, one after the other', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(m, body(t));
    const user = await dashboard(m);
    const pay = () => user.request('POST', `/sandbox/subscriptions/${sub.id}/simulate`, { status: 'paid' });
    const results = await Promise.all([pay(), pay()]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    const after = (await m.call('GET', `/api/subscriptions/${sub.id}`)).json().data;
    const startsAt = sub.current_period_ends_at as string;
    expect(after).toMatchObject({
      current_period_starts_at: plusMonths(startsAt, 1),
      current_period_ends_at: plusMonths(startsAt, 2),
    });
    expect((await bills(t, m.accountId, sub.id)).map((b) => b.status)).toEqual(['completed', 'completed']);
    expect((await subscriptionEvents(t, m.accountId)).map((e) => e.event)).toEqual(['paid', 'paid']);
  });

  it('two cancellations at once: one succeeds, the other is invalid_state; one callback', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(m, body(t));
    const results = await Promise.all([
      m.call('POST', `/api/subscriptions/${sub.id}/cancel`),
      m.call('POST', `/api/subscriptions/${sub.id}/cancel`),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    const refused = results.find((r) => r.statusCode === 422);
    if (refused)
      expect(expectEnvelope(refused, 422, 'invalid').error.details[0]).toMatchObject({
        code: 'invalid_state',
      });
    expect((await subscriptionEvents(t, m.accountId)).map((e) => e.event)).toEqual(['cancelled']);
  });
});

describe('simulating cancelled', () => {
  it('cancels now, emits cancelled, audits; a second time (or paid afterwards) is invalid_state', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(m, body(t));
    await simulate(m, sub.id, 'paid');
    t.clock.advance(5 * DAY);
    const res = await simulate(m, sub.id, 'cancelled');
    expect(res.statusCode).toBe(200);
    const cancelled = strict.parse(res.json().data);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      current_period_paid: true,
      cancelled_at: wire(t.clock.now),
    });
    const subEvents = await subscriptionEvents(t, m.accountId);
    expect(subEvents.map((e) => e.event)).toEqual(['paid', 'cancelled']);
    expect(strict.parse(subEvents[1]?.data)).toEqual(cancelled);
    expect((await auditActions(m))[0]).toMatchObject({
      action: 'sandbox.subscription_simulated',
      target: `${sub.id}: active → cancelled`,
    });
    for (const status of ['cancelled', 'paid']) {
      const err = expectEnvelope(await simulate(m, sub.id, status), 422, 'validation_failed');
      expect(err.error.details[0]).toMatchObject({ field: 'subscription_id', code: 'invalid_state' });
    }
    expect(await subscriptionEvents(t, m.accountId)).toHaveLength(2);
  });

  it('an outbox that cannot take the event rolls the cancellation back', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(m, body(t));
    const db = t.ctx.db.kysely;
    await sql`alter table callbacks rename to callbacks_away`.execute(db);
    try {
      expect((await m.call('POST', `/api/subscriptions/${sub.id}/cancel`)).statusCode).toBe(500);
    } finally {
      await sql`alter table callbacks_away rename to callbacks`.execute(db);
    }
    expect((await m.call('GET', `/api/subscriptions/${sub.id}`)).json().data).toEqual(sub);
  });

  it('a bill that cannot be issued rolls the creation back', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const db = t.ctx.db.kysely;
    await sql`alter table callbacks rename to callbacks_away`.execute(db);
    try {
      expect(
        (await m.call('POST', '/api/subscriptions', body(t, { custom_id: 'rollback-1' }))).statusCode,
      ).toBe(500);
    } finally {
      await sql`alter table callbacks_away rename to callbacks`.execute(db);
    }
    expectEnvelope(await m.call('GET', '/api/subscriptions/custom_id/rollback-1'), 404, 'not_found');
    expect((await m.call('GET', '/api/subscriptions')).json().meta.total).toBe(0);
  });
});

describe('dashboard sandbox subscriptions', () => {
  it('lists the session account’s subscriptions, newest first, with paging', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const a = await createSubscription(m, body(t));
    const b = await createSubscription(m, body(t));
    const res = await m.root.request('GET', '/sandbox/subscriptions?limit=1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: [b], meta: { total: 2, has_more: true } });
    const next = (await m.root.request('GET', `/sandbox/subscriptions?starting_after=${b.id}`)).json();
    expect(next).toEqual({ data: [a], meta: { total: 2, has_more: false } });
  });

  it('validates the body and the id; another account’s subscription is a 404', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(m, body(t));
    for (const payload of [{ status: 'active' }, {}, { status: 5 }])
      expectEnvelope(
        await m.root.request('POST', `/sandbox/subscriptions/${sub.id}/simulate`, payload),
        422,
        'validation_failed',
      );
    expectEnvelope(await simulate(m, 'not-a-uuid', 'paid'), 422, 'validation_failed');
    const other = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    expectEnvelope(await simulate(other, sub.id, 'paid'), 404, 'not_found');
    expectEnvelope(await simulate(other, sub.id, 'cancelled'), 404, 'not_found');
    expect((await m.call('GET', `/api/subscriptions/${sub.id}`)).json().data).toEqual(sub);
  });

  it('the generic simulate endpoint and the catalogue know the subscription simulator', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const catalogue = (await m.root.request('GET', '/sandbox/simulations')).json();
    expect(catalogue.simulators).toContainEqual({
      resource: 'subscription',
      states: ['paid', 'cancelled'],
      options: {},
    });
    expect(catalogue.triggers).toEqual(
      expect.arrayContaining(['Subscription.paid', 'Subscription.cancelled']),
    );
    const sub = await createSubscription(m, body(t));
    const res = await m.root.request('POST', '/sandbox/simulate', {
      resource: 'subscription',
      id: sub.id,
      state: 'paid',
    });
    expect(res.statusCode).toBe(200);
    expect(strict.parse(res.json().data).current_period_paid).toBe(true);
    const unknown = await m.root.request('POST', '/sandbox/simulate', {
      resource: 'subscription',
      id: 'nope',
      state: 'cancelled',
    });
    expectEnvelope(unknown, 404, 'not_found');
  });

  it('triggers create what they need and fire Subscription.paid / Subscription.cancelled', async () => {
    const m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const paid = await m.root.request('POST', '/sandbox/trigger', { event: 'Subscription.paid' });
    expect(paid.statusCode).toBe(200);
    const p = strict.parse(paid.json().data);
    expect(p).toMatchObject({
      status: 'active',
      current_period_paid: true,
      currency: 'EUR',
      amount: '10.00',
    });
    // The trigger reuses the account's newest active subscription.
    const cancelled = await m.root.request('POST', '/sandbox/trigger', { event: 'Subscription.cancelled' });
    const c = strict.parse(cancelled.json().data);
    expect(c).toMatchObject({ id: p.id, status: 'cancelled' });
    expect((await subscriptionEvents(t, m.accountId)).map((e) => [e.event, e.data.id])).toEqual([
      ['paid', p.id],
      ['cancelled', p.id],
    ]);
    // With no active subscription left, a new one is made.
    const again = strict.parse(
      (await m.root.request('POST', '/sandbox/trigger', { event: 'Subscription.cancelled' })).json().data,
    );
    expect(again.id).not.toBe(p.id);
    expect(again.status).toBe('cancelled');
  });

  it('is absent in production mode', async () => {
    const root = await signup(prod.app);
    expectEnvelope(await root.request('GET', '/sandbox/subscriptions'), 404, 'not_found');
    expectEnvelope(
      await root.request('POST', '/sandbox/subscriptions/4e9820e8-2805-47cc-a7d9-6e53bb17b59b/simulate', {
        status: 'paid',
      }),
      404,
      'not_found',
    );
  });
});
