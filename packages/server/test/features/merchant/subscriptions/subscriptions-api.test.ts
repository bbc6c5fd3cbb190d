import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscription } from '../../../../src/features/merchant/subscriptions/subscriptions.schemas.js';
import { WIRE_TIME_PATTERN } from '../../../../src/features/merchant/wire/timestamp.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';
import {
  bills,
  body,
  createSubscription,
  outbox,
  startsIn,
  SUBSCRIPTION_PERMISSIONS,
  subscriptionEvents,
  UUID_V4,
  wire,
} from './subscription-kit.js';

let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  m = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
});
afterAll(() => t.close());

const DAY = 86_400_000;
const strict = subscription.strict();

async function countRows(accountId: string): Promise<number> {
  const r = await t.ctx.db.kysely
    .selectFrom('merchant_subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('POST /api/subscriptions', () => {
  it('creates an active, unpaid subscription with every model field, and bills its first period', async () => {
    const startsAt = startsIn(t, 5);
    const res = await m.call('POST', '/api/subscriptions', {
      ...body(t),
      starts_at: startsAt,
      amount: '10.5',
      period: 'week',
      period_quantity: '2', // the docs' own example sends a string (§7 row 15)
      custom_id: 'sub-1',
      payer_name: 'John Doe',
      product_name: 'Pro',
      product_description: 'The pro plan',
      success_redirect_url: 'https://shop.example.com/ok',
      unsuccess_redirect_url: 'https://shop.example.com/ko',
      some_future_field: 'ignored',
    });
    expect(res.statusCode).toBe(201);
    const sub = strict.parse(res.json().data);
    expect(sub.id).toMatch(UUID_V4);
    for (const at of [sub.created_at, sub.current_period_starts_at, sub.current_period_ends_at])
      expect(at).toMatch(WIRE_TIME_PATTERN);
    expect(sub).toEqual({
      id: sub.id,
      status: 'active',
      custom_id: 'sub-1',
      name: 'Pro plan',
      amount: '10.50',
      currency: 'EUR',
      period: 'week',
      period_quantity: 2,
      // Before the first payment: the grace window from creation to starts_at.
      current_period_starts_at: wire(t.clock.now),
      current_period_ends_at: startsAt,
      current_period_paid: false,
      payer_email: 'payer@example.com',
      payer_name: 'John Doe',
      product_name: 'Pro',
      product_description: 'The pro plan',
      success_redirect_url: 'https://shop.example.com/ok',
      unsuccess_redirect_url: 'https://shop.example.com/ko',
      created_at: wire(t.clock.now),
      cancelled_at: null,
    });

    // The first period's bill: an invoice linked by subscription_id, priced as the subscription.
    const issued = await bills(t, m.accountId, sub.id);
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({
      status: 'new',
      price_amount: '10.50',
      price_currency: 'EUR',
      pay_currency: 'BTC',
    });
    const starts = new Date(startsAt);
    expect(JSON.parse(issued[0]?.metadata ?? 'null')).toEqual({
      subscription_period_starts_at: wire(starts),
      subscription_period_ends_at: wire(new Date(starts.getTime() + 14 * DAY)),
    });
    const invoice = await m.call('GET', `/api/invoices/${issued[0]?.id}`);
    expect(invoice.statusCode).toBe(200);
    expect(invoice.json().data).toMatchObject({
      subscription_id: sub.id,
      name: 'Pro',
      description: 'The pro plan',
    });

    // No Subscription callback (Cryptopay has no `created` event); the invoice has its own.
    const events = (await outbox(t, m.accountId)).map((e) => [e.type, e.event, e.data.id]);
    expect(events).toEqual([['Invoice', 'created', issued[0]?.id]]);
  });

  it('optional fields absent or null are null; a crypto price bills in that coin; a JSON number amount works', async () => {
    const sub = strict.parse(
      await createSubscription(m, {
        ...body(t),
        amount: 0.25,
        currency: 'usdt',
        payer_name: null,
        custom_id: null,
      }),
    );
    expect(sub).toMatchObject({
      amount: '0.250000',
      currency: 'USDT',
      custom_id: null,
      payer_name: null,
      product_name: null,
      product_description: null,
      success_redirect_url: null,
      unsuccess_redirect_url: null,
      period_quantity: 1,
    });
    expect((await bills(t, m.accountId, sub.id))[0]).toMatchObject({
      price_currency: 'USDT',
      pay_currency: 'USDT',
    });
  });

  it('starts_at earlier than three days from now is a 422 naming the earliest allowed time', async () => {
    const before = await countRows(m.accountId);
    const res = await m.call('POST', '/api/subscriptions', body(t, { starts_at: startsIn(t, 2.9) }));
    const err = expectEnvelope(res, 422, 'invalid');
    const earliest = wire(new Date(Math.ceil((t.clock.now.getTime() + 3 * DAY) / 1000) * 1000));
    expect(err.error.details).toEqual([
      {
        code: 'must_be_greater_than_or_equal',
        target: 'starts_at',
        message: `must be at least 3 days after now, i.e. at or after ${earliest}`,
        args: { value: earliest },
      },
    ]);
    expect(await countRows(m.accountId)).toBe(before);
    // Exactly three days ahead (whole second) is accepted.
    expect((await m.call('POST', '/api/subscriptions', body(t, { starts_at: earliest }))).statusCode).toBe(
      201,
    );
  });

  it('each invalid field is a detail with its code and target; nothing is written', async () => {
    const before = await countRows(m.accountId);
    const cases: [Record<string, unknown>, string, string, Record<string, unknown>?][] = [
      [{ name: undefined }, 'name', 'must_be_filled'],
      [{ name: '  ' }, 'name', 'must_be_filled'],
      [{ period: 'fortnight' }, 'period', 'must_be_included_in', { list: ['day', 'week', 'month', 'year'] }],
      [{ period_quantity: 0 }, 'period_quantity', 'must_be_greater_than_or_equal', { value: '1' }],
      [{ period_quantity: '0' }, 'period_quantity', 'must_be_greater_than_or_equal', { value: '1' }],
      [{ period_quantity: 101 }, 'period_quantity', 'must_be_less_than_or_equal', { value: '100' }],
      [{ period_quantity: 1.5 }, 'period_quantity', 'invalid_type'],
      [{ period_quantity: 'two' }, 'period_quantity', 'invalid_format'],
      [{ starts_at: 'next week' }, 'starts_at', 'invalid_format'],
      [{ payer_email: 'not-an-email' }, 'payer_email', 'invalid_format'],
      [{ payer_email: undefined }, 'payer_email', 'must_be_filled'],
      [{ amount: '0' }, 'amount', 'must_be_greater_than', { value: '0' }],
      [{ amount: '10.001' }, 'amount', 'invalid_precision', { precision: 2 }],
      [{ amount: 'ten' }, 'amount', 'invalid'],
      [{ currency: 'DOGE' }, 'currency', 'must_be_included_in'],
      [{ success_redirect_url: 'ftp://x.example.com' }, 'success_redirect_url', 'invalid_format'],
    ];
    for (const [extra, target, code, args] of cases) {
      const res = await m.call('POST', '/api/subscriptions', body(t, extra));
      const err = expectEnvelope(res, 422, 'invalid');
      const detail = err.error.details.find((d) => d.target === target);
      expect(detail, `${JSON.stringify(extra)} → ${res.body}`).toMatchObject({ code, target });
      if (args) expect(detail?.args).toEqual(args);
    }
    expect(await countRows(m.accountId)).toBe(before);
  });

  it('a second subscription with the same custom_id is 409 duplicate_custom_id and issues no bill', async () => {
    await createSubscription(m, body(t, { custom_id: 'dup-1' }));
    const invoicesBefore = (await outbox(t, m.accountId)).length;
    const res = await m.call('POST', '/api/subscriptions', body(t, { custom_id: 'dup-1' }));
    const err = expectEnvelope(res, 409, 'duplicate_custom_id');
    expect(err.error).toEqual({ code: 'duplicate_custom_id', message: 'duplicate custom id', details: [] });
    expect((await outbox(t, m.accountId)).length).toBe(invoicesBefore);
    // Another account may use the same reference.
    const other = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    expect((await other.call('POST', '/api/subscriptions', body(t, { custom_id: 'dup-1' }))).statusCode).toBe(
      201,
    );
  });
});

describe('GET /api/subscriptions/:id and /custom_id/:custom_id', () => {
  it('answers the subscription as created, by id and by custom_id', async () => {
    const created = await createSubscription(m, body(t, { custom_id: 'get-1' }));
    const byId = await m.call('GET', `/api/subscriptions/${created.id}`);
    expect(byId.statusCode).toBe(200);
    expect(strict.parse(byId.json().data)).toEqual(created);
    const byCustom = await m.call('GET', '/api/subscriptions/custom_id/get-1');
    expect(byCustom.statusCode).toBe(200);
    expect(strict.parse(byCustom.json().data)).toEqual(created);
  });

  it('unknown ids are 404 not_found; a malformed id is 422 must_be_uuid', async () => {
    const missing = expectEnvelope(
      await m.call('GET', '/api/subscriptions/4e9820e8-2805-47cc-a7d9-6e53bb17b59b'),
      404,
      'not_found',
    );
    expect(missing.error).toEqual({ code: 'not_found', message: 'not found', details: [] });
    expectEnvelope(await m.call('GET', '/api/subscriptions/custom_id/nope'), 404, 'not_found');
    const bad = expectEnvelope(await m.call('GET', '/api/subscriptions/not-a-uuid'), 422, 'invalid');
    expect(bad.error.details).toEqual([
      { code: 'must_be_uuid', target: 'subscription_id', message: 'must match uuid format', args: {} },
    ]);
    const badCancel = expectEnvelope(await m.call('POST', '/api/subscriptions/123/cancel'), 422, 'invalid');
    expect(badCancel.error.details[0]).toMatchObject({ code: 'must_be_uuid', target: 'subscription_id' });
  });
});

describe('GET /api/subscriptions', () => {
  it('pages newest first with total and has_more', async () => {
    const own = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const a = await createSubscription(own, body(t));
    const b = await createSubscription(own, body(t));
    const c = await createSubscription(own, body(t));
    const first = await own.call('GET', '/api/subscriptions?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(Object.keys(page1).sort()).toEqual(['data', 'meta']);
    expect(page1.data.map((s: unknown) => strict.parse(s).id)).toEqual([c.id, b.id]);
    expect(page1.meta).toEqual({ total: 3, has_more: true });
    const page2 = (await own.call('GET', `/api/subscriptions?limit=2&starting_after=${b.id}`)).json();
    expect(page2.data.map((s: { id: string }) => s.id)).toEqual([a.id]);
    expect(page2.meta).toEqual({ total: 3, has_more: false });
    const all = (await own.call('GET', '/api/subscriptions')).json();
    expect(all.data).toEqual([c, b, a]);
    expect(all.meta).toEqual({ total: 3, has_more: false });
  });

  it('a malformed cursor is must_be_uuid, an unknown one not_found, limits are bounded', async () => {
    const bad = expectEnvelope(await m.call('GET', '/api/subscriptions?starting_after=x'), 422, 'invalid');
    expect(bad.error.details[0]).toMatchObject({ code: 'must_be_uuid', target: 'starting_after' });
    const unknown = expectEnvelope(
      await m.call('GET', '/api/subscriptions?starting_after=4e9820e8-2805-47cc-a7d9-6e53bb17b59b'),
      422,
      'invalid',
    );
    expect(unknown.error.details[0]).toMatchObject({ code: 'not_found', target: 'starting_after' });
    for (const limit of ['0', '101'])
      expectEnvelope(await m.call('GET', `/api/subscriptions?limit=${limit}`), 422, 'invalid');
  });
});

describe('POST /api/subscriptions/:id/cancel', () => {
  it('cancels an active subscription now (no body), emits cancelled with the object; twice is invalid_state', async () => {
    const sub = await createSubscription(m, body(t));
    t.clock.advance(60_000);
    const res = await m.call('POST', `/api/subscriptions/${sub.id}/cancel`);
    expect(res.statusCode).toBe(200);
    const cancelled = strict.parse(res.json().data);
    expect(cancelled).toEqual({ ...sub, status: 'cancelled', cancelled_at: wire(t.clock.now) });

    const events = (await subscriptionEvents(t, m.accountId)).filter((e) => e.data.id === sub.id);
    expect(events.map((e) => e.event)).toEqual(['cancelled']);
    expect(strict.parse(events[0]?.data)).toEqual(cancelled);
    expect((await m.call('GET', `/api/subscriptions/${sub.id}`)).json().data).toEqual(cancelled);

    const again = expectEnvelope(await m.call('POST', `/api/subscriptions/${sub.id}/cancel`), 422, 'invalid');
    expect(again.error.details).toEqual([
      {
        code: 'invalid_state',
        target: 'subscription_id',
        message: 'a cancelled subscription cannot be cancelled',
        args: { status: 'cancelled' },
      },
    ]);
    expect((await subscriptionEvents(t, m.accountId)).filter((e) => e.data.id === sub.id)).toHaveLength(1);
  });

  it('an unknown subscription is 404', async () => {
    expectEnvelope(
      await m.call('POST', '/api/subscriptions/4e9820e8-2805-47cc-a7d9-6e53bb17b59b/cancel'),
      404,
      'not_found',
    );
  });
});

describe('a never-paid subscription lapses at starts_at (fake clock)', () => {
  it('a read after starts_at shows it cancelled at starts_at; the callback is sent once', async () => {
    const own = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const sub = await createSubscription(own, body(t, { starts_at: startsIn(t, 3.5), custom_id: 'lapse-1' }));
    t.clock.advance(3.5 * DAY - 1000);
    expect((await own.call('GET', `/api/subscriptions/${sub.id}`)).json().data.status).toBe('active');
    t.clock.advance(1000); // now == starts_at: the deadline has come
    const res = await own.call('GET', `/api/subscriptions/${sub.id}`);
    const lapsed = strict.parse(res.json().data);
    expect(lapsed).toEqual({ ...sub, status: 'cancelled', cancelled_at: sub.current_period_ends_at });
    await own.call('GET', '/api/subscriptions/custom_id/lapse-1');
    await own.call('GET', '/api/subscriptions');
    const events = await subscriptionEvents(t, own.accountId);
    expect(events.map((e) => [e.event, e.data.id])).toEqual([['cancelled', sub.id]]);
    expect(strict.parse(events[0]?.data)).toEqual(lapsed);
    const cancel = expectEnvelope(
      await own.call('POST', `/api/subscriptions/${sub.id}/cancel`),
      422,
      'invalid',
    );
    expect(cancel.error.details[0]).toMatchObject({ code: 'invalid_state', args: { status: 'cancelled' } });
  });

  it('the list and the custom_id lookup lapse overdue ones too', async () => {
    const own = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    const a = await createSubscription(own, body(t, { starts_at: startsIn(t, 3.1), custom_id: 'lapse-a' }));
    const b = await createSubscription(own, body(t, { starts_at: startsIn(t, 3.2) }));
    const c = await createSubscription(own, body(t, { starts_at: startsIn(t, 30) }));
    t.clock.advance(3.15 * DAY);
    const byCustom = (await own.call('GET', '/api/subscriptions/custom_id/lapse-a')).json().data;
    expect(byCustom).toMatchObject({ id: a.id, status: 'cancelled', cancelled_at: a.current_period_ends_at });
    t.clock.advance(0.1 * DAY);
    const list = (await own.call('GET', '/api/subscriptions')).json().data as {
      id: string;
      status: string;
    }[];
    expect(list.map((s) => [s.id, s.status])).toEqual([
      [c.id, 'active'],
      [b.id, 'cancelled'],
      [a.id, 'cancelled'],
    ]);
    expect((await subscriptionEvents(t, own.accountId)).map((e) => [e.event, e.data.id])).toEqual([
      ['cancelled', a.id],
      ['cancelled', b.id],
    ]);
  });
});

describe('permissions and isolation', () => {
  it('reads need subscriptions:read, writes subscriptions:write, every call a key', async () => {
    const sub = await createSubscription(m, body(t, { custom_id: 'perm-1' }));
    const reader = await newMerchant(t, ['subscriptions:read']);
    const writer = await newMerchant(t, ['subscriptions:write']);
    expectEnvelope(await reader.call('POST', '/api/subscriptions', body(t)), 403, 'unauthorized');
    expectEnvelope(await reader.call('POST', `/api/subscriptions/${sub.id}/cancel`), 403, 'unauthorized');
    expectEnvelope(await writer.call('GET', '/api/subscriptions'), 403, 'unauthorized');
    expectEnvelope(await writer.call('GET', `/api/subscriptions/${sub.id}`), 403, 'unauthorized');
    expectEnvelope(await writer.call('GET', '/api/subscriptions/custom_id/perm-1'), 403, 'unauthorized');
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/api/subscriptions' }), 401, 'unauthenticated');
    // With the right permission each works.
    expect((await writer.call('POST', '/api/subscriptions', body(t))).statusCode).toBe(201);
    expect((await reader.call('GET', '/api/subscriptions')).statusCode).toBe(200);
  });

  it("another account's key never sees or moves A's subscriptions", async () => {
    const sub = await createSubscription(m, body(t, { custom_id: 'iso-1' }));
    const b = await newMerchant(t, SUBSCRIPTION_PERMISSIONS);
    expectEnvelope(await b.call('GET', `/api/subscriptions/${sub.id}`), 404, 'not_found');
    expectEnvelope(await b.call('GET', '/api/subscriptions/custom_id/iso-1'), 404, 'not_found');
    expectEnvelope(await b.call('POST', `/api/subscriptions/${sub.id}/cancel`), 404, 'not_found');
    const cursor = expectEnvelope(
      await b.call('GET', `/api/subscriptions?starting_after=${sub.id}`),
      422,
      'invalid',
    );
    expect(cursor.error.details[0]).toMatchObject({ code: 'not_found', target: 'starting_after' });
    expect((await b.call('GET', '/api/subscriptions')).json()).toEqual({
      data: [],
      meta: { total: 0, has_more: false },
    });
    expect((await m.call('GET', `/api/subscriptions/${sub.id}`)).json().data.status).toBe('active');
  });
});
