import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COINS, FIATS } from '../../../../src/features/merchant/currencies.js';
import { rate, rateResponse, ratesResponse } from '../../../../src/features/merchant/rates/rate.schemas.js';
import { decimal } from '../../../../src/features/merchant/wire/common-models.js';
import { createKey, signedCall } from '../../merchant-auth/merchant-test-kit.js';
import { expectEnvelope, signup, startTestApp, type TestApp } from '../../../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('GET /api/rates', () => {
  it('every pair twice, as BTCEUR and BTC/EUR, with the same rate', async () => {
    const res = await get('/api/rates');
    expect(res.statusCode).toBe(200);
    const body = ratesResponse.strict().parse(res.json());
    const keys = Object.keys(body.data);
    const slash = keys.filter((k) => k.includes('/'));
    expect(keys).toHaveLength(slash.length * 2);
    for (const key of slash) {
      const concatenated = key.replace('/', '');
      expect(body.data[concatenated], concatenated).toEqual(body.data[key]);
      // The two forms sit side by side, as recorded from Cryptopay.
      expect(keys.indexOf(key)).toBe(keys.indexOf(concatenated) + 1);
    }
    for (const r of Object.values(body.data)) {
      rate.strict().parse(r);
      decimal.parse(r.buy_rate);
      decimal.parse(r.sell_rate);
      expect(Number(r.buy_rate)).toBeLessThan(Number(r.sell_rate));
    }
  });

  it('quotes every coin in every fiat currency, and the fiats against each other', async () => {
    const data = (await get('/api/rates')).json().data as Record<string, unknown>;
    for (const c of COINS) for (const f of FIATS) expect(data[`${c.currency}/${f.currency}`]).toBeDefined();
    for (const a of FIATS)
      for (const b of FIATS) if (a !== b) expect(data[`${a.currency}/${b.currency}`]).toBeDefined();
    expect(Object.keys(data)).toHaveLength((COINS.length * FIATS.length + 6) * 2);
    expect(data['BCH/EUR']).toEqual({ buy_rate: '348.25', sell_rate: '351.75' });
    expect(data.XLMEUR).toEqual({ buy_rate: '0.0995', sell_rate: '0.1005' });
    expect(data['EUR/BTC']).toBeUndefined();
  });
});

describe('GET /api/rates/:base/:quote', () => {
  it('one pair, the same rate the map lists', async () => {
    const all = (await get('/api/rates')).json().data;
    for (const pair of ['BTC/EUR', 'XRP/GBP', 'USDT/USD', 'BCH/USD', 'XLM/GBP', 'EUR/USD', 'GBP/EUR']) {
      const res = await get(`/api/rates/${pair}`);
      expect(res.statusCode, pair).toBe(200);
      expect(rateResponse.strict().parse(res.json()).data).toEqual(all[pair]);
    }
    expect((await get('/api/rates/btc/eur')).json()).toEqual((await get('/api/rates/BTC/EUR')).json());
  });

  it('an unknown pair is 404 not_found', async () => {
    for (const url of [
      '/api/rates/EUR/BTC',
      '/api/rates/DOGE/EUR',
      '/api/rates/BTC/BTC',
      '/api/rates/BTCEUR/x',
    ]) {
      const body = expectEnvelope(await get(url), 404, 'not_found');
      expect(body.error).toEqual({ code: 'not_found', message: 'not found', details: [] });
    }
    expectEnvelope(await get('/api/rates/BTCEUR'), 404, 'not_found');
  });

  it('a code longer than any currency is 422 invalid, naming the parameter', async () => {
    const body = expectEnvelope(await get(`/api/rates/BTC/${'E'.repeat(21)}`), 422, 'invalid');
    expect(body.error.details[0]).toMatchObject({ code: 'too_long', target: 'quote' });
  });
});

describe('rates are public', () => {
  it('answer unsigned, signed by any valid key, but not to a bad signature', async () => {
    const root = await signup(t.app);
    const key = await createKey(root, ['invoices:read']); // no permission covers rates: none is needed
    for (const path of ['/api/rates', '/api/rates/BTC/EUR']) {
      expect((await get(path)).statusCode).toBe(200);
      const signed = await signedCall(t, key, { method: 'GET', path });
      expect(signed.statusCode).toBe(200);
      expect(signed.json()).toEqual((await get(path)).json());
      const forged = await signedCall(t, { ...key, api_secret: 'not-the-secret' }, { method: 'GET', path });
      expectEnvelope(forged, 401, 'unauthenticated');
    }
  });
});
