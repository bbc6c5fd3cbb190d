import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  coin,
  coinDestinationTag,
  coinFeature,
  coinNetwork,
} from '../../../../src/features/merchant/coins/coin.schemas.js';
import { COINS } from '../../../../src/features/merchant/currencies.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';

let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  m = await newMerchant(t, ['coins:read']);
});
afterAll(() => t.close());

type WireCoin = ReturnType<typeof coin.parse>;

async function coins(): Promise<WireCoin[]> {
  const res = await m.call('GET', '/api/coins');
  expect(res.statusCode).toBe(200);
  const body = res.json();
  // `{data: [Coin]}` with no meta (CRYPTOPAY-API.md §1.3).
  expect(Object.keys(body)).toEqual(['data']);
  return body.data;
}

describe('GET /api/coins', () => {
  it('every coin and network with exactly the documented fields', async () => {
    const data = await coins();
    expect(data.map((c) => c.currency)).toEqual(COINS.map((c) => c.currency));
    for (const c of data) {
      coin.strict().parse(c);
      for (const n of c.networks) {
        coinNetwork.strict().parse(n);
        for (const flag of [n.invoices, n.channels, n.coin_withdrawals]) coinFeature.strict().parse(flag);
        if (n.destination_tag !== null) coinDestinationTag.strict().parse(n.destination_tag);
        expect(Number.isInteger(n.precision)).toBe(true);
      }
    }
  });

  it('lists every currency the reference names, on its networks, all usable', async () => {
    const data = await coins();
    const networks = Object.fromEntries(data.map((c) => [c.currency, c.networks.map((n) => n.network)]));
    expect(networks).toEqual({
      BTC: ['bitcoin'],
      ETH: ['ethereum'],
      LTC: ['litecoin'],
      USDT: ['ethereum', 'tron'],
      USDC: ['ethereum', 'solana'],
      XRP: ['ripple'],
      TRX: ['tron'],
      SOL: ['solana'],
      BCH: ['bitcoin_cash'],
      XLM: ['stellar'],
    });
    for (const n of data.flatMap((c) => c.networks))
      expect([n.invoices, n.channels, n.coin_withdrawals]).toEqual([
        { enabled: true },
        { enabled: true },
        { enabled: true },
      ]);
  });

  it('names, precisions and destination tags as Cryptopay’s sandbox answers them', async () => {
    const byCurrency = Object.fromEntries((await coins()).map((c) => [c.currency, c]));
    expect(byCurrency.XRP?.networks[0]).toMatchObject({
      network: 'ripple',
      name: 'Ripple',
      precision: 6,
      destination_tag: { required: true, name: 'Destination tag' },
    });
    expect(byCurrency.XLM).toMatchObject({ name: 'Stellar Lumens' });
    expect(byCurrency.XLM?.networks[0]).toMatchObject({
      network: 'stellar',
      name: 'Stellar',
      precision: 7,
      destination_tag: { required: false, name: 'Memo ID' },
    });
    expect(byCurrency.BCH?.networks[0]).toMatchObject({
      network: 'bitcoin_cash',
      name: 'Bitcoin Cash',
      precision: 8,
      destination_tag: null,
    });
    expect(byCurrency.ETH?.networks[0]).toMatchObject({ name: 'Ethereum (ERC20)', precision: 8 });
    expect(byCurrency.USDT?.networks.map((n) => n.name)).toEqual(['Ethereum (ERC20)', 'Tron (TRC20)']);
    const tagged = Object.values(byCurrency)
      .filter((c) => c.networks.some((n) => n.destination_tag !== null))
      .map((c) => c.currency);
    expect(tagged).toEqual(['XRP', 'XLM']);
    // Amounts in a coin have one precision whatever the network.
    for (const c of COINS) for (const n of c.networks) expect(n.precision).toBe(c.precision);
  });

  it('logo_url serves an SVG of the coin, without a key', async () => {
    for (const c of await coins()) {
      expect(c.logo_url).toBe(`${t.config.publicUrl}/api/coins/${c.currency}/logo.svg`);
      const logo = await t.app.inject({ method: 'GET', url: new URL(c.logo_url).pathname });
      expect(logo.statusCode).toBe(200);
      expect(logo.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(logo.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(logo.body).toContain(`>${c.currency}</text>`);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/coins/btc/logo.svg' })).statusCode).toBe(200);
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/api/coins/DOGE/logo.svg' }), 404, 'not_found');
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/api/coins/EUR/logo.svg' }), 404, 'not_found');
    expectEnvelope(
      await t.app.inject({ method: 'GET', url: `/api/coins/${'A'.repeat(21)}/logo.svg` }),
      422,
      'invalid',
    );
  });

  it('is the same catalogue for every merchant', async () => {
    const other = await newMerchant(t, ['coins:read']);
    expect((await other.call('GET', '/api/coins')).json()).toEqual({ data: await coins() });
  });

  it('needs coins:read, and a signed request', async () => {
    const without = await newMerchant(t, ['invoices:read', 'accounts:read', 'transactions:read']);
    const refused = expectEnvelope(await without.call('GET', '/api/coins'), 403, 'unauthorized');
    expect(refused.error.message).toBe('unauthorized');
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/api/coins' }), 401, 'unauthenticated');
  });
});
