import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAddress } from '../../../../src/features/merchant/addresses/addresses.js';
import { scoreAddress } from '../../../../src/features/merchant/risks/risk-score.js';
import { HIGH_RISK, risk } from '../../../../src/features/merchant/wire/common-models.js';
import { createKey, signedCall } from '../../merchant-auth/merchant-test-kit.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';

let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  // A key with one unrelated permission: scoring needs a key, not a permission.
  m = await newMerchant(t, ['coins:read']);
});
afterAll(() => t.close());

type Detail = { code: string; target: string; message: string; args: Record<string, unknown> };
const invalid = (res: Awaited<ReturnType<Merchant['call']>>): Detail[] =>
  expectEnvelope(res, 422, 'invalid').error.details as unknown as Detail[];

const score = (body: Record<string, unknown>, who: Merchant = m) =>
  who.call('POST', '/api/risks/score', body);

describe('POST /api/risks/score', () => {
  it('answers {data: Risk} for each documented coin, as the sandbox scores it', async () => {
    for (const [currency, network] of [
      ['BTC', 'bitcoin'],
      ['ETH', 'ethereum'],
      ['XRP', 'ripple'],
      ['LTC', 'litecoin'],
      ['BCH', 'bitcoin_cash'],
    ] as const) {
      const address = sandboxAddress(currency, network);
      const res = await score({ address, currency, type: 'source_of_funds' });
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json())).toEqual(['data']);
      const r = risk.strict().parse(res.json().data);
      expect(r).toEqual(scoreAddress(currency, address));
      expect(r.level).not.toBe('high');
      // The direction does not change an address's score.
      expect((await score({ address, currency, type: 'destination_of_funds' })).json().data).toEqual(r);
    }
  });

  it('the marker address scores high; currency is read in any case', async () => {
    const res = await score({
      address: 'tb1qdeaddeadw508d6qejxtdg4y5r3zarvary0c5xw',
      currency: 'btc',
      type: 'destination_of_funds',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual(HIGH_RISK);
  });

  it('other currencies and types name the list; a malformed address is invalid_coin_address', async () => {
    const address = sandboxAddress('BTC', 'bitcoin');
    expect(invalid(await score({ address, currency: 'USDT', type: 'source_of_funds' }))).toEqual([
      {
        code: 'must_be_included_in',
        target: 'currency',
        message: 'must be one of: BTC, ETH, XRP, LTC, BCH',
        args: { list: ['BTC', 'ETH', 'XRP', 'LTC', 'BCH'] },
      },
    ]);
    expect(invalid(await score({ address, currency: 'BTC', type: 'funds' }))).toEqual([
      {
        code: 'must_be_included_in',
        target: 'type',
        message: 'must be one of: source_of_funds, destination_of_funds',
        args: { list: ['source_of_funds', 'destination_of_funds'] },
      },
    ]);
    expect(
      invalid(
        await score({ address: sandboxAddress('ETH', 'ethereum'), currency: 'BTC', type: 'source_of_funds' }),
      ),
    ).toEqual([
      {
        code: 'invalid_coin_address',
        target: 'address',
        message: 'must be a valid BTC address',
        args: { currency: 'BTC' },
      },
    ]);
    expect(
      invalid(await score({}))
        .map((d) => d.target)
        .sort(),
    ).toEqual(['address', 'currency', 'type']);
  });

  it('needs a valid key, of any permission: unsigned is 401, a bad signature is 401', async () => {
    const body = { address: sandboxAddress('BTC', 'bitcoin'), currency: 'BTC', type: 'source_of_funds' };
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/risks/score', payload: body });
    expectEnvelope(unsigned, 401, 'unauthenticated');
    // Even with a body that would not validate: the key is checked first.
    expectEnvelope(
      await t.app.inject({ method: 'POST', url: '/api/risks/score', payload: {} }),
      401,
      'unauthenticated',
    );
    const key = await createKey(m.root, ['customers:read']);
    const forged = await signedCall(
      t,
      { ...key, api_secret: 'wrong' },
      { method: 'POST', path: '/api/risks/score', body: JSON.stringify(body) },
    );
    expectEnvelope(forged, 401, 'unauthenticated');
    expect(
      (await signedCall(t, key, { method: 'POST', path: '/api/risks/score', body: JSON.stringify(body) }))
        .statusCode,
    ).toBe(200);
  });
});
