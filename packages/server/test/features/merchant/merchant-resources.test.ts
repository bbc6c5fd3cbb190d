import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, startTestApp, type TestApp } from '../../support/test-app.js';
import { newMerchant, type Merchant } from './merchant-fixture.js';

let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  m = await newMerchant(t);
});
afterAll(() => t.close());

describe('rates (public)', () => {
  it('lists every pair without a key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/rates' });
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(data['BTC/EUR']).toEqual({ buy_rate: '59700.0', sell_rate: '60300.0' });
    expect(Object.keys(data)).toHaveLength(24);
  });

  it('answers one pair, case-insensitively, and 404 for unknown pairs', async () => {
    const one = await t.app.inject({ method: 'GET', url: '/api/rates/eth/usd' });
    expect(one.json()).toEqual({ data: { buy_rate: '3253.65', sell_rate: '3286.35' } });
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/api/rates/EUR/BTC' }), 404, 'not_found');
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/api/rates/DOGE/EUR' }), 404, 'not_found');
    expectEnvelope(
      await t.app.inject({ method: 'GET', url: `/api/rates/${'A'.repeat(21)}/EUR` }),
      422,
      'validation_failed',
    );
  });

  it('a signed request works too', async () => {
    expect((await m.call('GET', '/api/rates/BTC/GBP')).statusCode).toBe(200);
  });
});

describe('coins', () => {
  it('lists the coins with networks and minimum amounts', async () => {
    const res = await m.call('GET', '/api/coins');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data.map((c: { currency: string }) => c.currency)).toEqual([
      'BTC',
      'ETH',
      'LTC',
      'USDT',
      'USDC',
      'XRP',
      'TRX',
      'SOL',
    ]);
    expect(body.data[3]).toEqual({
      currency: 'USDT',
      name: 'Tether',
      precision: 6,
      networks: [
        { network: 'ethereum', name: 'Ethereum (ERC-20)', minimum_amount: '10', invoices_available: true },
        { network: 'tron', name: 'Tron (TRC-20)', minimum_amount: '1', invoices_available: true },
      ],
    });
    expect(body.meta).toEqual({ total: 8 });
  });

  it('needs coins:read, and a key', async () => {
    const other = await newMerchant(t, ['invoices:read']);
    expectEnvelope(await other.call('GET', '/api/coins'), 403, 'unauthorized');
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/api/coins' }), 401, 'unauthenticated');
  });
});

describe('accounts and their transactions', () => {
  it('one zero-balance account per currency, stable ids, distinct per merchant', async () => {
    const res = await m.call('GET', '/api/accounts');
    expect(res.statusCode).toBe(200);
    const accounts = res.json().data as { id: string; currency: string; balance: string }[];
    expect(accounts.map((a) => a.currency)).toEqual([
      'EUR',
      'USD',
      'GBP',
      'BTC',
      'ETH',
      'LTC',
      'USDT',
      'USDC',
      'XRP',
      'TRX',
      'SOL',
    ]);
    expect(accounts.every((a) => a.balance === '0.0')).toBe(true);
    expect((await m.call('GET', '/api/accounts')).json().data).toEqual(accounts);
    const other = await newMerchant(t);
    const theirs = (await other.call('GET', '/api/accounts')).json().data as { id: string }[];
    expect(theirs.some((a) => accounts.some((b) => b.id === a.id))).toBe(false);
  });

  it('a completed sandbox invoice credits the price currency account; a refund debits it', async () => {
    const p = await newMerchant(t);
    const inv = (
      await p.call('POST', '/api/invoices', {
        price_amount: '50',
        price_currency: 'EUR',
        pay_currency: 'BTC',
        custom_id: 'paid-1',
      })
    ).json().data;
    expect(
      (await p.root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, { status: 'completed' }))
        .statusCode,
    ).toBe(200);
    const accounts = (await p.call('GET', '/api/accounts')).json().data as {
      id: string;
      currency: string;
      balance: string;
    }[];
    const eur = accounts.find((a) => a.currency === 'EUR');
    expect(eur?.balance).toBe('49.5'); // 50.00 less the 1 % fee
    const txs = await p.call('GET', `/api/accounts/${eur?.id}/transactions`);
    expect(txs.statusCode).toBe(200);
    expect(txs.json()).toMatchObject({
      data: [
        {
          amount: '49.50',
          currency: 'EUR',
          reference_type: 'Invoice',
          reference_id: inv.id,
          status: 'completed',
        },
      ],
      meta: { has_more: false },
    });

    expect(
      (await p.root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, { status: 'refunded' }))
        .statusCode,
    ).toBe(200);
    const after = (await p.call('GET', '/api/accounts')).json().data as {
      currency: string;
      balance: string;
    }[];
    expect(after.find((a) => a.currency === 'EUR')?.balance).toBe('0.0');
    const page = (await p.call('GET', `/api/accounts/${eur?.id}/transactions?limit=1`)).json();
    expect(page.data[0].amount).toBe('-49.50');
    expect(page.meta.has_more).toBe(true);
    const rest = (
      await p.call('GET', `/api/accounts/${eur?.id}/transactions?limit=1&starting_after=${page.data[0].id}`)
    ).json();
    expect(rest.data[0].amount).toBe('49.50');
    expect(rest.meta.has_more).toBe(false);
  });

  it("another merchant's account id is a 404; transactions need transactions:read", async () => {
    const other = await newMerchant(t);
    const theirs = (await other.call('GET', '/api/accounts')).json().data[0].id;
    expectEnvelope(await m.call('GET', `/api/accounts/${theirs}/transactions`), 404, 'not_found');
    expectEnvelope(await m.call('GET', '/api/accounts/nope/transactions'), 404, 'not_found');
    const mine = (await m.call('GET', '/api/accounts')).json().data[0].id;
    expectEnvelope(
      await m.call('GET', `/api/accounts/${mine}/transactions?starting_after=x`),
      422,
      'validation_failed',
    );
    const limited = await newMerchant(t, ['accounts:read']);
    const ownId = (await limited.call('GET', '/api/accounts')).json().data[0].id;
    expectEnvelope(await limited.call('GET', `/api/accounts/${ownId}/transactions`), 403, 'unauthorized');
  });
});
