import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';

let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp({ SIGNET_PUBLIC_URL: 'https://signet.example.com' });
  m = await newMerchant(t);
});
afterAll(() => t.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
      some_future_field: 'ignored',
    });
    expect(res.statusCode).toBe(201);
    const inv = res.json().data;
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
      exchange: { pair: 'BTCEUR', rate: '59700.0', fee: '1.00', fee_currency: 'EUR' },
      transactions: [],
      name: 'T-shirt',
      description: 'Blue, size M',
      metadata: { cart: 'c-1', items: 2, gift: false },
      success_redirect_url: 'https://shop.example.com/ok',
      unsuccess_redirect_url: 'https://shop.example.com/ko',
      hosted_page_url: `https://signet.example.com/invoices/${inv.id}`,
      created_at: t.clock.now.toISOString(),
      expires_at: new Date(t.clock.now.getTime() + 15 * 60_000).toISOString(),
    });
    expect(inv.id).toMatch(UUID);
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
  });

  it('a reused custom_id is a 409 conflict and nothing is written', async () => {
    const body = { price_amount: '5', price_currency: 'EUR', pay_currency: 'ETH', custom_id: 'dup-1' };
    expect((await m.call('POST', '/api/invoices', body)).statusCode).toBe(201);
    const again = expectEnvelope(await m.call('POST', '/api/invoices', body), 409, 'conflict');
    expect(again.error.details).toEqual([
      { field: 'custom_id', message: 'is already used by another invoice' },
    ]);
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
    const body = expectEnvelope(res, 422, 'validation_failed');
    expect(body.error.details.map((d) => d.field).sort()).toEqual(
      ['custom_id', 'metadata.nested', 'name', 'success_redirect_url'].sort(),
    );
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
    const body = expectEnvelope(await m.call('POST', '/api/invoices', payload), 422, 'validation_failed');
    expect(body.error.details.map((d) => d.field)).toContain(field);
  });

  it('1e400 in the raw JSON (Infinity once parsed) is a 422, not a 500', async () => {
    const raw = '{"price_amount":1e400,"price_currency":"EUR","pay_currency":"BTC"}';
    const body = expectEnvelope(await m.call('POST', '/api/invoices', raw), 422, 'validation_failed');
    expect(body.error.details.map((d) => d.field)).toEqual(['price_amount']);
  });

  it('NUL characters are a 422 on both databases (PostgreSQL cannot store them)', async () => {
    for (const field of ['custom_id', 'name', 'description', 'customer_id']) {
      const res = await m.call('POST', '/api/invoices', {
        price_amount: '1',
        price_currency: 'EUR',
        pay_currency: 'BTC',
        [field]: 'a\u0000b',
      });
      expect(expectEnvelope(res, 422, 'validation_failed').error.details).toEqual([
        { field, message: 'must not contain NUL characters' },
      ]);
    }
    const meta = await m.call('POST', '/api/invoices', {
      price_amount: '1',
      price_currency: 'EUR',
      pay_currency: 'BTC',
      metadata: { k: 'a\u0000b' },
    });
    // Caught by the shared JSON body parser, wherever in the body the NUL hides.
    expect(expectEnvelope(meta, 422, 'validation_failed').error.details).toEqual([
      { field: 'metadata.k', message: 'must not contain NUL characters' },
    ]);
    expectEnvelope(await m.call('GET', '/api/invoices/a%00b'), 422, 'validation_failed');
    expectEnvelope(await m.call('GET', '/api/invoices/custom_id/a%00b'), 422, 'validation_failed');
    expectEnvelope(await m.call('GET', '/api/invoices?starting_after=a%00b'), 422, 'validation_failed');
    expectEnvelope(
      await m.root.request('POST', '/sandbox/invoices/a%00b/simulate', { status: 'completed' }),
      422,
      'validation_failed',
    );
  });

  it('a body that is not a JSON object is rejected cleanly', async () => {
    expectEnvelope(await m.call('POST', '/api/invoices', '[1,2]'), 422, 'validation_failed');
    expectEnvelope(await m.call('POST', '/api/invoices', '{"price_amount":'), 400, 'invalid_json');
    expectEnvelope(await m.call('POST', '/api/invoices', 'null'), 422, 'validation_failed');
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
  it('pages newest first with starting_after and has_more', async () => {
    const p = await newMerchant(t);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await p.call('POST', '/api/invoices', {
        price_amount: `${i + 1}`,
        price_currency: 'EUR',
        pay_currency: 'LTC',
      });
      ids.push(res.json().data.id);
    }
    const newest = [...ids].reverse();
    const first = (await p.call('GET', '/api/invoices?limit=2')).json();
    expect(first.data.map((i: { id: string }) => i.id)).toEqual(newest.slice(0, 2));
    expect(first.meta).toEqual({ has_more: true });
    const second = (await p.call('GET', `/api/invoices?starting_after=${newest[1]}&limit=2`)).json();
    expect(second.data.map((i: { id: string }) => i.id)).toEqual(newest.slice(2, 4));
    const last = (await p.call('GET', `/api/invoices?starting_after=${newest[3]}&limit=2`)).json();
    expect(last.data.map((i: { id: string }) => i.id)).toEqual(newest.slice(4));
    expect(last.meta).toEqual({ has_more: false });
    const all = (await p.call('GET', '/api/invoices')).json();
    expect(all.data).toHaveLength(5); // default limit 20
  });

  it('validates limit and starting_after', async () => {
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=1e400', 'starting_after=nope'])
      expectEnvelope(await m.call('GET', `/api/invoices?${q}`), 422, 'validation_failed');
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

  it('unknown ids are 404', async () => {
    expectEnvelope(
      await m.call('GET', '/api/invoices/00000000-0000-4000-8000-000000000000'),
      404,
      'not_found',
    );
    expectEnvelope(await m.call('GET', '/api/invoices/not-a-uuid'), 404, 'not_found');
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
    expectEnvelope(
      await other.call('GET', `/api/invoices?starting_after=${mine.id}`),
      422,
      'validation_failed',
    );
    expect((await other.call('GET', '/api/invoices')).json().data).toEqual([]);
  });
});
