import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, startTestApp, type TestApp } from '../../support/test-app.js';
import { newMerchant, type Merchant } from './merchant-fixture.js';

/**
 * The read-only resources end to end, one pass each (rates, coins, accounts and their
 * transactions); the exhaustive suites are in rates/, coins/, balances/ and addresses/.
 */

let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  m = await newMerchant(t);
});
afterAll(() => t.close());

const detail = (res: { json(): unknown }) =>
  (res.json() as { error: { details: { code: string; target: string }[] } }).error.details[0];

describe('rates (public)', () => {
  it('lists every pair without a key, under both key forms', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/rates' });
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(data['BTC/EUR']).toEqual({ buy_rate: '59700.0', sell_rate: '60300.0' });
    expect(data.BTCEUR).toEqual(data['BTC/EUR']);
    expect(Object.keys(data)).toHaveLength(72);
  });

  it('answers one pair, case-insensitively, and 404 for unknown pairs', async () => {
    const one = await t.app.inject({ method: 'GET', url: '/api/rates/eth/usd' });
    expect(one.json()).toEqual({ data: { buy_rate: '3253.65', sell_rate: '3286.35' } });
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/api/rates/EUR/BTC' }), 404, 'not_found');
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/api/rates/DOGE/EUR' }), 404, 'not_found');
    const long = await t.app.inject({ method: 'GET', url: `/api/rates/${'A'.repeat(21)}/EUR` });
    expectEnvelope(long, 422, 'invalid');
    expect(detail(long)).toMatchObject({ code: 'too_long', target: 'base' });
  });

  it('a signed request works too', async () => {
    expect((await m.call('GET', '/api/rates/BTC/GBP')).statusCode).toBe(200);
  });
});

describe('coins', () => {
  it('lists the coins with their networks in Cryptopay’s shape', async () => {
    const res = await m.call('GET', '/api/coins');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['data']);
    expect(body.data.map((c: { currency: string }) => c.currency)).toEqual([
      'BTC',
      'ETH',
      'LTC',
      'USDT',
      'USDC',
      'XRP',
      'TRX',
      'SOL',
      'BCH',
      'XLM',
    ]);
    const on = { enabled: true };
    expect(body.data[3]).toEqual({
      currency: 'USDT',
      name: 'Tether',
      logo_url: `${t.config.publicUrl}/api/coins/USDT/logo.svg`,
      networks: [
        {
          network: 'ethereum',
          name: 'Ethereum (ERC20)',
          precision: 6,
          destination_tag: null,
          invoices: on,
          channels: on,
          coin_withdrawals: on,
        },
        {
          network: 'tron',
          name: 'Tron (TRC20)',
          precision: 6,
          destination_tag: null,
          invoices: on,
          channels: on,
          coin_withdrawals: on,
        },
      ],
    });
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
      'BCH',
      'XLM',
    ]);
    expect(accounts.every((a) => a.balance === '0.0')).toBe(true);
    expect(res.json().meta).toEqual({ total: 13, has_more: false });
    expect((await m.call('GET', '/api/accounts')).json().data).toEqual(accounts);
    const other = await newMerchant(t);
    const theirs = (await other.call('GET', '/api/accounts')).json().data as { id: string }[];
    expect(theirs.some((a) => accounts.some((b) => b.id === a.id))).toBe(false);
  });

  it('completed sandbox invoices credit the price currency account, one movement each', async () => {
    const p = await newMerchant(t);
    const pay = async (price_amount: string, custom_id: string) => {
      const inv = (
        await p.call('POST', '/api/invoices', {
          price_amount,
          price_currency: 'EUR',
          pay_currency: 'BTC',
          custom_id,
        })
      ).json().data;
      const done = await p.root.request('POST', `/sandbox/invoices/${inv.id}/simulate`, {
        status: 'completed',
      });
      expect(done.statusCode, done.body).toBe(200);
      return inv.id as string;
    };
    const first = await pay('50', 'paid-1');
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
          amount: '49.5',
          balance: '49.5',
          currency: 'EUR',
          reference_type: 'Invoice',
          reference_id: first,
          custom_id: 'paid-1',
          status: 'completed',
        },
      ],
      meta: { total: 1, has_more: false },
    });

    const second = await pay('20', 'paid-2');
    const after = (await p.call('GET', '/api/accounts')).json().data as {
      currency: string;
      balance: string;
    }[];
    expect(after.find((a) => a.currency === 'EUR')?.balance).toBe('69.3'); // + 19.80
    const page = (await p.call('GET', `/api/accounts/${eur?.id}/transactions?limit=1`)).json();
    expect(page.data[0]).toMatchObject({ amount: '19.8', balance: '69.3', reference_id: second });
    expect(page.meta).toEqual({ total: 2, has_more: true });
    const rest = (
      await p.call('GET', `/api/accounts/${eur?.id}/transactions?limit=1&starting_after=${page.data[0].id}`)
    ).json();
    expect(rest.data[0]).toMatchObject({ amount: '49.5', reference_id: first });
    expect(rest.meta).toEqual({ total: 2, has_more: false });
    // The same movements in the global list, found by reference type.
    const all = (await p.call('GET', '/api/transactions?reference_type=Invoice')).json();
    expect(all.data.map((r: { reference_id: string }) => r.reference_id)).toEqual([second, first]);
  });

  it("another merchant's account id is a 404; account transactions need accounts:read", async () => {
    const other = await newMerchant(t);
    const theirs = (await other.call('GET', '/api/accounts')).json().data[0].id;
    expectEnvelope(await m.call('GET', `/api/accounts/${theirs}/transactions`), 404, 'not_found');
    const malformed = await m.call('GET', '/api/accounts/nope/transactions');
    expectEnvelope(malformed, 422, 'invalid');
    expect(detail(malformed)).toMatchObject({ code: 'must_be_uuid', target: 'account_id' });
    const mine = (await m.call('GET', '/api/accounts')).json().data[0].id;
    const cursor = await m.call('GET', `/api/accounts/${mine}/transactions?starting_after=x`);
    expectEnvelope(cursor, 422, 'invalid');
    expect(detail(cursor)).toMatchObject({ code: 'must_be_uuid', target: 'starting_after' });

    const accountsOnly = await newMerchant(t, ['accounts:read']);
    const ownId = (await accountsOnly.call('GET', '/api/accounts')).json().data[0].id;
    expect((await accountsOnly.call('GET', `/api/accounts/${ownId}/transactions`)).statusCode).toBe(200);
    const transactionsOnly = await newMerchant(t, ['transactions:read']);
    expectEnvelope(await transactionsOnly.call('GET', '/api/accounts'), 403, 'unauthorized');
    expectEnvelope(
      await transactionsOnly.call('GET', `/api/accounts/${ownId}/transactions`),
      403,
      'unauthorized',
    );
  });
});
