import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireTime } from '../../../../src/features/merchant/wire/timestamp.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';
import { detail, newInvoice, parseInvoice, UUID_V4 } from './invoice-kit.js';

let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp({ SIGNET_PUBLIC_URL: 'https://signet.example.com' });
  m = await newMerchant(t);
});
afterAll(() => t.close());

describe('POST /api/invoices', () => {
  it('creates an invoice with every protocol field', async () => {
    const res = await m.call('POST', '/api/invoices', {
      price_amount: '100',
      price_currency: 'EUR',
      pay_currency: 'BTC',
      custom_id: 'order-1',
      customer_id: 'customer-7',
      name: 'T-shirt',
      description: 'Blue, size M',
      metadata: { cart: 'c-1', items: 2, gift: false },
      success_redirect_url: 'https://shop.example.com/ok',
      unsuccess_redirect_url: 'https://shop.example.com/ko',
      payer_email: 'payer@example.com',
      some_future_field: 'ignored',
    });
    expect(res.statusCode).toBe(201);
    const inv = parseInvoice(res.json().data);
    expect(Object.keys(inv).sort()).toEqual(
      [
        'id',
        'custom_id',
        'customer_id',
        'subscription_id',
        'status',
        'status_context',
        'address',
        'network',
        'uri',
        'price_amount',
        'price_currency',
        'fee',
        'fee_currency',
        'pay_amount',
        'pay_currency',
        'paid_amount',
        'exchange',
        'transactions',
        'name',
        'description',
        'metadata',
        'success_redirect_url',
        'unsuccess_redirect_url',
        'hosted_page_url',
        'created_at',
        'expires_at',
      ].sort(),
    );
    expect(inv).toMatchObject({
      custom_id: 'order-1',
      customer_id: 'customer-7',
      subscription_id: null,
      status: 'new',
      status_context: null,
      network: 'bitcoin',
      price_amount: '100.00',
      price_currency: 'EUR',
      fee: '1.00',
      fee_currency: 'EUR',
      pay_amount: '0.00167505',
      pay_currency: 'BTC',
      paid_amount: '0.00000000',
      exchange: { pair: 'BTCEUR', rate: '59700.0', fee: '0.00', fee_currency: 'EUR' },
      transactions: [],
      name: 'T-shirt',
      description: 'Blue, size M',
      // string → string, as the model has it: numbers and booleans are kept as their text
      metadata: { cart: 'c-1', items: '2', gift: 'false' },
      success_redirect_url: 'https://shop.example.com/ok',
      unsuccess_redirect_url: 'https://shop.example.com/ko',
      hosted_page_url: `https://signet.example.com/invoices/${inv.id}`,
      created_at: wireTime(t.clock.now),
      // fiat-priced: valid for 10 minutes
      expires_at: wireTime(new Date(t.clock.now.getTime() + 10 * 60_000)),
    });
    expect(inv.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(inv.id).toMatch(UUID_V4);
    expect(inv.address).toMatch(/^tb1q[a-z0-9]{38}$/);
    expect(inv.uri).toBe(`bitcoin:${inv.address}?amount=0.00167505`);
  });

  it('accepts a JSON number price and a network choice', async () => {
    const res = await m.call('POST', '/api/invoices', {
      price_amount: 12.5,
      price_currency: 'usd',
      pay_currency: 'USDT',
      network: 'tron',
    });
    expect(res.statusCode).toBe(201);
    const inv = res.json().data;
    expect(inv).toMatchObject({
      price_amount: '12.50',
      price_currency: 'USD',
      network: 'tron',
      custom_id: null,
      metadata: null,
    });
    expect(inv.address).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
    expect(inv.exchange).toMatchObject({ pair: 'USDTUSD', fee_currency: 'USD' });
  });

  it('a crypto-priced invoice in its own coin has no exchange and is valid for 2 hours', async () => {
    const inv = await newInvoice(m, { price_amount: '0.5', price_currency: 'BTC', pay_currency: 'BTC' });
    expect(inv).toMatchObject({
      price_amount: '0.50000000',
      price_currency: 'BTC',
      pay_amount: '0.50000000',
      fee: '0.00500000',
      fee_currency: 'BTC',
      exchange: null,
      expires_at: wireTime(new Date(t.clock.now.getTime() + 2 * 60 * 60_000)),
    });
  });

  it('metadata keys with null are dropped; an absent metadata is null', async () => {
    const inv = await newInvoice(m, { metadata: { a: 'x', b: null } });
    expect(inv.metadata).toEqual({ a: 'x' });
    expect((await newInvoice(m, { metadata: null })).metadata).toBeNull();
  });

  it('a reused custom_id is a 409 duplicate_custom_id and nothing is written', async () => {
    const body = { price_amount: '5', price_currency: 'EUR', pay_currency: 'ETH', custom_id: 'dup-1' };
    expect((await m.call('POST', '/api/invoices', body)).statusCode).toBe(201);
    const again = expectEnvelope(await m.call('POST', '/api/invoices', body), 409, 'duplicate_custom_id');
    expect(again.error).toEqual({ code: 'duplicate_custom_id', message: 'duplicate custom id', details: [] });
    const list = (await m.call('GET', '/api/invoices?limit=100')).json().data;
    expect(list.filter((i: { custom_id: string }) => i.custom_id === 'dup-1')).toHaveLength(1);
  });

  it('the same custom_id in another account is fine', async () => {
    const other = await newMerchant(t);
    const res = await other.call('POST', '/api/invoices', {
      price_amount: '5',
      price_currency: 'EUR',
      pay_currency: 'ETH',
      custom_id: 'dup-1',
    });
    expect(res.statusCode).toBe(201);
  });

  it('answers one 422 detail per bad field', async () => {
    const res = await m.call('POST', '/api/invoices', {
      price_amount: '10',
      price_currency: 'EUR',
      pay_currency: 'BTC',
      name: 'x'.repeat(256),
      custom_id: 'y'.repeat(101),
      success_redirect_url: 'javascript:alert(1)',
      metadata: { nested: { no: 1 } },
    });
    const body = expectEnvelope(res, 422, 'invalid');
    expect(body.error.details.map((d) => d.target).sort()).toEqual(
      ['custom_id', 'metadata.nested', 'name', 'success_redirect_url'].sort(),
    );
    for (const d of body.error.details)
      expect(Object.keys(d).sort()).toEqual(['args', 'code', 'message', 'target']);
  });

  it.each([
    [{ price_amount: '10', price_currency: 'XYZ', pay_currency: 'BTC' }, 'price_currency'],
    [{ price_amount: '10', price_currency: 'EUR', pay_currency: 'EUR' }, 'pay_currency'],
    [{ price_amount: '1', price_currency: 'BTC', pay_currency: 'ETH' }, 'pay_currency'],
    [{ price_amount: '-1', price_currency: 'EUR', pay_currency: 'BTC' }, 'price_amount'],
    [{ price_amount: 0, price_currency: 'EUR', pay_currency: 'BTC' }, 'price_amount'],
    [{ price_amount: 1e300, price_currency: 'EUR', pay_currency: 'BTC' }, 'price_amount'],
    [{ price_amount: '1'.repeat(41), price_currency: 'EUR', pay_currency: 'BTC' }, 'price_amount'],
    [{ price_amount: true, price_currency: 'EUR', pay_currency: 'BTC' }, 'price_amount'],
    [{ price_amount: '10', price_currency: 42, pay_currency: 'BTC' }, 'price_currency'],
    [{ price_amount: '10', price_currency: 'EUR', pay_currency: ['BTC'] }, 'pay_currency'],
    [{ price_amount: '10', price_currency: 'EUR' }, 'pay_currency'],
    [{ price_amount: '10', price_currency: 'EUR', pay_currency: 'BTC', network: 'ethereum' }, 'network'],
    [{ price_amount: '10', price_currency: 'EUR', pay_currency: 'BTC', metadata: [1, 2] }, 'metadata'],
    [
      {
        price_amount: '10',
        price_currency: 'EUR',
        pay_currency: 'BTC',
        metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])),
      },
      'metadata',
    ],
  ])('422 for %j', async (payload, field) => {
    const body = expectEnvelope(await m.call('POST', '/api/invoices', payload), 422, 'invalid');
    expect(body.error.details.map((d) => d.target)).toContain(field);
  });

  it('1e400 in the raw JSON (Infinity once parsed) is a 422, not a 500', async () => {
    const raw = '{"price_amount":1e400,"price_currency":"EUR","pay_currency":"BTC"}';
    const body = expectEnvelope(await m.call('POST', '/api/invoices', raw), 422, 'invalid');
    expect(body.error.details.map((d) => d.target)).toEqual(['price_amount']);
  });

  it('NUL characters are a 422 on both databases (PostgreSQL cannot store them)', async () => {
    for (const field of ['custom_id', 'name', 'description', 'customer_id']) {
      const res = await m.call('POST', '/api/invoices', {
        price_amount: '1',
        price_currency: 'EUR',
        pay_currency: 'BTC',
        [field]: 'a\u0000b',
      });
      expect(expectEnvelope(res, 422, 'invalid').error.details).toEqual([
        { code: 'invalid', target: field, message: 'must not contain NUL characters', args: {} },
      ]);
    }
    const meta = await m.call('POST', '/api/invoices', {
      price_amount: '1',
      price_currency: 'EUR',
      pay_currency: 'BTC',
      metadata: { k: 'a\u0000b' },
    });
    // Caught by the shared JSON body parser, wherever in the body the NUL hides.
    expect(expectEnvelope(meta, 422, 'invalid').error.details).toEqual([
      { code: 'invalid', target: 'metadata.k', message: 'must not contain NUL characters', args: {} },
    ]);
    expect(detail(await m.call('GET', '/api/invoices/a%00b'))).toMatchObject({ code: 'must_be_uuid' });
    expectEnvelope(await m.call('GET', '/api/invoices/custom_id/a%00b'), 422, 'invalid');
    expect(detail(await m.call('GET', '/api/invoices?starting_after=a%00b'))).toMatchObject({
      code: 'must_be_uuid',
      target: 'starting_after',
    });
    expectEnvelope(await m.call('GET', '/api/invoices?customer_id=a%00b'), 422, 'invalid');
    expectEnvelope(
      await m.root.request('POST', '/sandbox/invoices/a%00b/simulate', { status: 'completed' }),
      422,
      'validation_failed',
    );
  });

  it('a body that is not a JSON object is rejected cleanly', async () => {
    expectEnvelope(await m.call('POST', '/api/invoices', '[1,2]'), 422, 'invalid');
    expectEnvelope(await m.call('POST', '/api/invoices', '{"price_amount":'), 400, 'invalid_json');
    expectEnvelope(await m.call('POST', '/api/invoices', 'null'), 422, 'invalid');
  });

  it('needs invoices:write', async () => {
    const reader = await newMerchant(t, ['invoices:read']);
    const res = await reader.call('POST', '/api/invoices', {
      price_amount: '1',
      price_currency: 'EUR',
      pay_currency: 'BTC',
    });
    expectEnvelope(res, 403, 'unauthorized');
  });
});

describe('GET /api/invoices', () => {
  it('pages newest first (50 by default) with starting_after, meta.total and meta.has_more', async () => {
    const p = await newMerchant(t);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await newInvoice(p, { price_amount: `${i + 1}` })).id);
    const newest = [...ids].reverse();
    const first = (await p.call('GET', '/api/invoices?limit=2')).json();
    expect(first.data.map((i: { id: string }) => i.id)).toEqual(newest.slice(0, 2));
    expect(first.meta).toEqual({ total: 5, has_more: true });
    for (const inv of first.data) parseInvoice(inv);
    const second = (await p.call('GET', `/api/invoices?starting_after=${newest[1]}&limit=2`)).json();
    expect(second.data.map((i: { id: string }) => i.id)).toEqual(newest.slice(2, 4));
    expect(second.meta).toEqual({ total: 5, has_more: true });
    const last = (await p.call('GET', `/api/invoices?starting_after=${newest[3]}&limit=2`)).json();
    expect(last.data.map((i: { id: string }) => i.id)).toEqual(newest.slice(4));
    expect(last.meta).toEqual({ total: 5, has_more: false });
    const all = (await p.call('GET', '/api/invoices')).json();
    expect(Object.keys(all).sort()).toEqual(['data', 'meta']);
    expect(all.data).toHaveLength(5);
  });

  it('the default page is 50', async () => {
    const p = await newMerchant(t);
    for (let i = 0; i < 51; i++) await newInvoice(p);
    const page = (await p.call('GET', '/api/invoices')).json();
    expect(page.data).toHaveLength(50);
    expect(page.meta).toEqual({ total: 51, has_more: true });
  });

  it('filters by customer_id and by subscription_id, each with its own total', async () => {
    const p = await newMerchant(t);
    const a1 = await newInvoice(p, { customer_id: 'cus-a' });
    await newInvoice(p, { customer_id: 'cus-b' });
    const a2 = await newInvoice(p, { customer_id: 'cus-a' });
    await newInvoice(p);
    const byCustomer = (await p.call('GET', '/api/invoices?customer_id=cus-a')).json();
    expect(byCustomer.data.map((i: { id: string }) => i.id)).toEqual([a2.id, a1.id]);
    expect(byCustomer.meta).toEqual({ total: 2, has_more: false });
    const paged = (await p.call('GET', `/api/invoices?customer_id=cus-a&limit=1`)).json();
    expect(paged.meta).toEqual({ total: 2, has_more: true });
    const next = (await p.call('GET', `/api/invoices?customer_id=cus-a&starting_after=${a2.id}`)).json();
    expect(next.data.map((i: { id: string }) => i.id)).toEqual([a1.id]);
    expect((await p.call('GET', '/api/invoices?customer_id=nobody')).json()).toEqual({
      data: [],
      meta: { total: 0, has_more: false },
    });

    // An invoice a subscription issued names it (set by the subscriptions resource).
    const subscriptionId = '6f0d3c35-5a4b-4b8e-9a57-3a1e1d7f0b6e';
    await t.ctx.db.kysely
      .updateTable('merchant_invoices')
      .set({ subscription_id: subscriptionId })
      .where('id', '=', a1.id)
      .execute();
    const bySubscription = (await p.call('GET', `/api/invoices?subscription_id=${subscriptionId}`)).json();
    expect(
      bySubscription.data.map((i: { id: string; subscription_id: string }) => [i.id, i.subscription_id]),
    ).toEqual([[a1.id, subscriptionId]]);
    expect(bySubscription.meta).toEqual({ total: 1, has_more: false });
    const both = await p.call('GET', `/api/invoices?subscription_id=${subscriptionId}&customer_id=cus-b`);
    expect(both.json().data).toEqual([]);
  });

  it('validates limit, starting_after and subscription_id in Cryptopay’s words', async () => {
    for (const [q, code, target] of [
      ['limit=0', 'must_be_greater_than_or_equal', 'limit'],
      ['limit=101', 'must_be_less_than_or_equal', 'limit'],
      ['limit=abc', 'invalid_type', 'limit'],
      ['starting_after=nope', 'must_be_uuid', 'starting_after'],
      ['subscription_id=nope', 'must_be_uuid', 'subscription_id'],
    ])
      expect(detail(await m.call('GET', `/api/invoices?${q}`)), q).toMatchObject({ code, target });
  });

  it('a cursor that is none of the account’s invoices is a 422 on starting_after, as on every list', async () => {
    const res = await m.call('GET', '/api/invoices?starting_after=00000000-0000-4000-8000-000000000000');
    expectEnvelope(res, 422, 'invalid');
    expect(res.json().error.details).toEqual([
      expect.objectContaining({ code: 'not_found', target: 'starting_after' }),
    ]);
  });

  it('needs invoices:read', async () => {
    const writer = await newMerchant(t, ['invoices:write']);
    expectEnvelope(await writer.call('GET', '/api/invoices'), 403, 'unauthorized');
    const inv = await newInvoice(writer);
    expectEnvelope(await writer.call('GET', `/api/invoices/${inv.id}`), 403, 'unauthorized');
    expectEnvelope(await writer.call('GET', '/api/invoices/custom_id/x'), 403, 'unauthorized');
  });
});

describe('reading one invoice', () => {
  it('by id and by custom_id (percent-encoded)', async () => {
    const created = (
      await m.call('POST', '/api/invoices', {
        price_amount: '7',
        price_currency: 'GBP',
        pay_currency: 'SOL',
        custom_id: 'order 1/2',
      })
    ).json().data;
    const byId = await m.call('GET', `/api/invoices/${created.id}`);
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toEqual({ data: created });
    const byCustom = await m.call('GET', `/api/invoices/custom_id/${encodeURIComponent('order 1/2')}`);
    expect(byCustom.json()).toEqual({ data: created });
  });

  it('unknown ids are 404 not found; a malformed id is 422 must_be_uuid', async () => {
    const unknown = expectEnvelope(
      await m.call('GET', '/api/invoices/00000000-0000-4000-8000-000000000000'),
      404,
      'not_found',
    );
    expect(unknown.error).toEqual({ code: 'not_found', message: 'not found', details: [] });
    expect(detail(await m.call('GET', '/api/invoices/not-a-uuid'))).toEqual({
      code: 'must_be_uuid',
      target: 'invoice_id',
      message: 'must match uuid format',
      args: {},
    });
    expectEnvelope(await m.call('GET', '/api/invoices/custom_id/never-used'), 404, 'not_found');
  });

  it("another account's invoice is a 404, by id, by custom_id and as a cursor", async () => {
    const mine = (
      await m.call('POST', '/api/invoices', {
        price_amount: '3',
        price_currency: 'EUR',
        pay_currency: 'XRP',
        custom_id: 'secret-order',
      })
    ).json().data;
    const other = await newMerchant(t);
    const byId = expectEnvelope(await other.call('GET', `/api/invoices/${mine.id}`), 404, 'not_found');
    expect(JSON.stringify(byId)).not.toContain('secret-order');
    expectEnvelope(await other.call('GET', '/api/invoices/custom_id/secret-order'), 404, 'not_found');
    expectEnvelope(await other.call('GET', `/api/invoices?starting_after=${mine.id}`), 422, 'invalid');
    expect((await other.call('GET', '/api/invoices')).json()).toEqual({
      data: [],
      meta: { total: 0, has_more: false },
    });
  });
});
