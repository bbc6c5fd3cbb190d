import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, type Customer } from '../../../../src/contract.js';
import { sandboxAddress } from '../../../../src/features/merchant/addresses/addresses.js';
import { ACCOUNT_CURRENCIES, COINS } from '../../../../src/features/merchant/currencies.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';

const PERMISSIONS = ['customers:read', 'customers:write'];

let t: TestApp;
let m: Merchant;
let other: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  [m, other] = await Promise.all([newMerchant(t, PERMISSIONS), newMerchant(t, PERMISSIONS)]);
});
afterAll(() => t.close());

type Detail = { code: string; target: string; message: string; args: Record<string, unknown> };
type Response = Awaited<ReturnType<Merchant['call']>>;

function invalid(res: Response): Detail[] {
  const body = expectEnvelope(res, 422, 'invalid');
  expect(body.error.message).toBe('invalid');
  return body.error.details as unknown as Detail[];
}

/** The strict model: an extra or a missing field fails. */
const parseCustomer = (data: unknown): Customer => customer.strict().parse(data);

let seq = 0;
const newId = (prefix = 'cust') => `${prefix}-${++seq}`;

async function createCustomer(who: Merchant, body: Record<string, unknown> = {}): Promise<Customer> {
  const res = await who.call('POST', '/api/customers', { id: newId(), currency: 'EUR', ...body });
  if (res.statusCode !== 201) throw new Error(`create customer: ${res.statusCode} ${res.body}`);
  return parseCustomer(res.json().data);
}

const btc = () => ({ address: sandboxAddress('BTC', 'bitcoin'), currency: 'BTC', network: 'bitcoin' });
const usdtTron = () => ({ address: sandboxAddress('USDT', 'tron'), currency: 'USDT', network: 'tron' });

/** Every callback row the account has: customers have none (CRYPTOPAY-API.md §4.2). */
const callbacksOf = async (accountId: string) =>
  t.ctx.db.kysely.selectFrom('callbacks').select('body').where('account_id', '=', accountId).execute();

describe('POST /api/customers', () => {
  it('creates a customer under the merchant’s own id with every field of the model', async () => {
    const addresses = [btc(), usdtTron()];
    const res = await m.call('POST', '/api/customers', { id: 'shop-user-1', currency: 'EUR', addresses });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json())).toEqual(['data']);
    expect(parseCustomer(res.json().data)).toEqual({ id: 'shop-user-1', currency: 'EUR', addresses });
    expect(await callbacksOf(m.accountId)).toEqual([]);
  });

  it('addresses may be absent, null or empty; codes are normalised; an XRP address keeps its tag', async () => {
    expect((await createCustomer(m, { currency: 'btc' })).currency).toBe('BTC');
    expect((await createCustomer(m, { addresses: null })).addresses).toEqual([]);
    expect((await createCustomer(m, { addresses: [] })).addresses).toEqual([]);
    const xrp = sandboxAddress('XRP', 'ripple');
    expect(xrp).toMatch(/\?dt=\d+$/);
    const c = await createCustomer(m, {
      id: '  spaced-id  ',
      currency: 'USDT',
      addresses: [{ address: xrp, currency: 'xrp', network: 'RIPPLE' }],
      ignored_field: 'x',
    });
    expect(c).toEqual({
      id: 'spaced-id',
      currency: 'USDT',
      addresses: [{ address: xrp, currency: 'XRP', network: 'ripple' }],
    });
  });

  it('the id is any text, not a UUID: odd characters round-trip through the path', async () => {
    for (const id of ['42', 'user@example.com', 'a b/c?d', 'ünïcode-客户']) {
      const c = await createCustomer(m, { id });
      expect(c.id).toBe(id);
      const got = await m.call('GET', `/api/customers/${encodeURIComponent(id)}`);
      expect(got.statusCode).toBe(200);
      expect(parseCustomer(got.json().data)).toEqual(c);
    }
  });

  it('every currency the merchant can hold is a customer currency; others name the list', async () => {
    for (const currency of ACCOUNT_CURRENCIES)
      expect((await createCustomer(m, { currency })).currency).toBe(currency);
    expect(invalid(await m.call('POST', '/api/customers', { id: newId(), currency: 'DOGE' }))).toEqual([
      {
        code: 'must_be_included_in',
        target: 'currency',
        message: `must be one of: ${ACCOUNT_CURRENCIES.join(', ')}`,
        args: { list: [...ACCOUNT_CURRENCIES] },
      },
    ]);
  });

  it('checks each address: coin, network, format — every failure at once, nothing written', async () => {
    const fresh = await newMerchant(t, PERMISSIONS);
    const coins = COINS.map((c) => c.currency);
    const details = invalid(
      await fresh.call('POST', '/api/customers', {
        id: 'bad-addresses',
        currency: 'EUR',
        addresses: [
          { address: 'x', currency: 'EUR', network: 'bitcoin' },
          { address: sandboxAddress('USDT', 'tron'), currency: 'USDT', network: 'bitcoin' },
          { address: 'not-a-bitcoin-address', currency: 'BTC', network: 'bitcoin' },
          { address: sandboxAddress('ETH', 'ethereum'), currency: 'LTC', network: 'litecoin' },
        ],
      }),
    );
    expect(details).toEqual([
      {
        code: 'must_be_included_in',
        target: 'addresses.0.currency',
        message: `must be one of: ${coins.join(', ')}`,
        args: { list: coins },
      },
      {
        code: 'must_be_included_in',
        target: 'addresses.1.network',
        message: 'must be one of: ethereum, tron',
        args: { list: ['ethereum', 'tron'] },
      },
      {
        code: 'invalid_coin_address',
        target: 'addresses.2.address',
        message: 'must be a valid BTC address',
        args: { currency: 'BTC' },
      },
      {
        code: 'invalid_coin_address',
        target: 'addresses.3.address',
        message: 'must be a valid LTC address',
        args: { currency: 'LTC' },
      },
    ]);
    // A tag where the network has none is no valid address either.
    const tagged = `${sandboxAddress('BTC', 'bitcoin')}?dt=5`;
    expect(
      invalid(
        await fresh.call('POST', '/api/customers', {
          id: 'tagged',
          currency: 'EUR',
          addresses: [{ address: tagged, currency: 'BTC', network: 'bitcoin' }],
        }),
      ),
    ).toEqual([expect.objectContaining({ code: 'invalid_coin_address', target: 'addresses.0.address' })]);
    expect((await fresh.call('GET', '/api/customers')).json().meta).toEqual({ total: 0, has_more: false });
  });

  it('at most one refund address per cryptocurrency (must_be_unique), whatever the network', async () => {
    const usdtEth = { address: sandboxAddress('USDT', 'ethereum'), currency: 'USDT', network: 'ethereum' };
    expect(
      invalid(
        await m.call('POST', '/api/customers', {
          id: newId(),
          currency: 'EUR',
          addresses: [usdtTron(), btc(), usdtEth],
        }),
      ),
    ).toEqual([
      {
        code: 'must_be_unique',
        target: 'addresses.2.currency',
        message: 'has a refund address already: at most one address per cryptocurrency',
        args: { currency: 'USDT' },
      },
    ]);
    // One per coin of the catalogue is fine.
    const all = COINS.map((c) => ({
      address: sandboxAddress(c.currency, c.networks[0].network),
      currency: c.currency,
      network: c.networks[0].network,
    }));
    expect((await createCustomer(m, { addresses: all })).addresses).toEqual(all);
  });

  it('rejects missing and malformed fields, one detail each', async () => {
    expect(
      invalid(await m.call('POST', '/api/customers', {}))
        .map((d) => d.target)
        .sort(),
    ).toEqual(['currency', 'id']);
    expect(invalid(await m.call('POST', '/api/customers', { id: '   ', currency: 'EUR' }))).toEqual([
      expect.objectContaining({ code: 'must_be_filled', target: 'id' }),
    ]);
    expect(invalid(await m.call('POST', '/api/customers', { id: 'x'.repeat(101), currency: 'EUR' }))).toEqual(
      [expect.objectContaining({ code: 'too_long', target: 'id' })],
    );
    expect(invalid(await m.call('POST', '/api/customers', { id: 7, currency: 'EUR' }))).toEqual([
      expect.objectContaining({ code: 'invalid_type', target: 'id' }),
    ]);
    expect(invalid(await m.call('POST', '/api/customers', { id: 'a\u0000b', currency: 'EUR' }))).toEqual([
      expect.objectContaining({ target: 'id' }),
    ]);
    expect(
      invalid(
        await m.call('POST', '/api/customers', { id: newId(), currency: 'EUR', addresses: { BTC: 'x' } }),
      ),
    ).toEqual([expect.objectContaining({ code: 'invalid_type', target: 'addresses' })]);
    expect(
      invalid(
        await m.call('POST', '/api/customers', {
          id: newId(),
          currency: 'EUR',
          addresses: [{ address: sandboxAddress('BTC', 'bitcoin'), currency: 'BTC' }],
        }),
      ),
      // A missing field's code is the translator's (cryptopay-errors.ts); the target is the element's.
    ).toEqual([expect.objectContaining({ target: 'addresses.0.network' })]);
    expect(
      invalid(
        await m.call('POST', '/api/customers', {
          id: newId(),
          currency: 'EUR',
          addresses: Array.from({ length: 21 }, btc),
        }),
      ),
    ).toEqual([expect.objectContaining({ code: 'too_long', target: 'addresses', args: { count: 20 } })]);
  });

  it('a reused id is 409 duplicate_custom_id; another account may use it', async () => {
    await createCustomer(m, { id: 'dup-customer', currency: 'EUR' });
    const res = await m.call('POST', '/api/customers', { id: 'dup-customer', currency: 'USD' });
    expect(expectEnvelope(res, 409, 'duplicate_custom_id').error).toEqual({
      code: 'duplicate_custom_id',
      message: 'duplicate custom id',
      details: [],
    });
    // The first one is unchanged.
    expect((await m.call('GET', '/api/customers/dup-customer')).json().data.currency).toBe('EUR');
    expect((await createCustomer(other, { id: 'dup-customer', currency: 'GBP' })).currency).toBe('GBP');
    expect((await m.call('GET', '/api/customers/dup-customer')).json().data.currency).toBe('EUR');
  });
});

describe('GET /api/customers/:customer_id', () => {
  it('answers the customer as created; an unknown id is 404 not_found (no uuid check)', async () => {
    const c = await createCustomer(m, { addresses: [btc()] });
    const res = await m.call('GET', `/api/customers/${c.id}`);
    expect(res.statusCode).toBe(200);
    expect(parseCustomer(res.json().data)).toEqual(c);
    expect(expectEnvelope(await m.call('GET', '/api/customers/nobody'), 404, 'not_found').error).toEqual({
      code: 'not_found',
      message: 'not found',
      details: [],
    });
  });

  it("another account's customer does not exist, by get or patch", async () => {
    const theirs = await createCustomer(other, { id: 'theirs-only' });
    expectEnvelope(await m.call('GET', `/api/customers/${theirs.id}`), 404, 'not_found');
    expectEnvelope(
      await m.call('PATCH', `/api/customers/${theirs.id}`, { currency: 'USD' }),
      404,
      'not_found',
    );
    expect((await other.call('GET', `/api/customers/${theirs.id}`)).json().data).toEqual(theirs);
  });
});

describe('GET /api/customers', () => {
  it('pages newest first with total and has_more; the cursor is a customer id', async () => {
    const p = await newMerchant(t, PERMISSIONS);
    const a = await createCustomer(p, { id: 'not a uuid' });
    const b = await createCustomer(p, { id: 'b/2' });
    const c = await createCustomer(p, { id: 'c' });
    const first = await p.call('GET', '/api/customers?limit=2');
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(Object.keys(page).sort()).toEqual(['data', 'meta']);
    expect(page.data.map(parseCustomer)).toEqual([c, b]);
    expect(page.meta).toEqual({ total: 3, has_more: true });
    const next = (
      await p.call('GET', `/api/customers?limit=2&starting_after=${encodeURIComponent(b.id)}`)
    ).json();
    expect(next).toEqual({ data: [a], meta: { total: 3, has_more: false } });
    expect((await p.call('GET', `/api/customers?starting_after=${encodeURIComponent(a.id)}`)).json()).toEqual(
      {
        data: [],
        meta: { total: 3, has_more: false },
      },
    );
    expect((await p.call('GET', '/api/customers')).json().data).toEqual([c, b, a]);
  });

  it('50 a page by default; only the account’s own customers', async () => {
    const p = await newMerchant(t, PERMISSIONS);
    for (let i = 0; i < 51; i++) await createCustomer(p, { id: `bulk-${i}` });
    const page = (await p.call('GET', '/api/customers')).json();
    expect(page.data).toHaveLength(50);
    expect(page.data[0].id).toBe('bulk-50');
    expect(page.meta).toEqual({ total: 51, has_more: true });
    const rest = (await p.call('GET', '/api/customers?starting_after=bulk-1')).json();
    expect(rest).toEqual({
      data: [{ id: 'bulk-0', currency: 'EUR', addresses: [] }],
      meta: { total: 51, has_more: false },
    });
  });

  it('a cursor outside the list (another account’s customer, unknown) is refused; bad paging is 422', async () => {
    await createCustomer(other, { id: 'other-cursor' });
    expect(invalid(await m.call('GET', '/api/customers?starting_after=other-cursor'))).toEqual([
      expect.objectContaining({ code: 'not_found', target: 'starting_after' }),
    ]);
    expect(invalid(await m.call('GET', '/api/customers?starting_after=never-was'))).toEqual([
      expect.objectContaining({ code: 'not_found', target: 'starting_after' }),
    ]);
    expect(invalid(await m.call('GET', '/api/customers?limit=101'))).toEqual([
      expect.objectContaining({
        code: 'must_be_less_than_or_equal',
        target: 'limit',
        args: { value: '100' },
      }),
    ]);
    expect(invalid(await m.call('GET', '/api/customers?limit=0'))).toEqual([
      expect.objectContaining({
        code: 'must_be_greater_than_or_equal',
        target: 'limit',
        args: { value: '1' },
      }),
    ]);
  });
});

describe('PATCH /api/customers/:customer_id', () => {
  it('changes the currency and replaces the addresses; the id stays', async () => {
    const c = await createCustomer(m, { addresses: [btc(), usdtTron()] });
    const replacement = [
      { address: sandboxAddress('LTC', 'litecoin'), currency: 'LTC', network: 'litecoin' },
    ];
    const res = await m.call('PATCH', `/api/customers/${c.id}`, {
      id: 'attempted-rename',
      currency: 'gbp',
      addresses: replacement,
    });
    expect(res.statusCode).toBe(200);
    const updated = parseCustomer(res.json().data);
    expect(updated).toEqual({ id: c.id, currency: 'GBP', addresses: replacement });
    expect((await m.call('GET', `/api/customers/${c.id}`)).json().data).toEqual(updated);
    expectEnvelope(await m.call('GET', '/api/customers/attempted-rename'), 404, 'not_found');
    expect(await callbacksOf(m.accountId)).toEqual([]);
  });

  it('absent or null fields are left alone; [] removes every address; an empty patch changes nothing', async () => {
    const addresses = [btc()];
    const c = await createCustomer(m, { currency: 'USD', addresses });
    expect((await m.call('PATCH', `/api/customers/${c.id}`, {})).json().data).toEqual(c);
    expect(
      (await m.call('PATCH', `/api/customers/${c.id}`, { currency: null, addresses: null })).json().data,
    ).toEqual(c);
    expect((await m.call('PATCH', `/api/customers/${c.id}`, { currency: 'ETH' })).json().data).toEqual({
      ...c,
      currency: 'ETH',
    });
    expect((await m.call('PATCH', `/api/customers/${c.id}`, { addresses: [] })).json().data).toEqual({
      id: c.id,
      currency: 'ETH',
      addresses: [],
    });
  });

  it('validates as create does, and a refused patch changes nothing', async () => {
    const c = await createCustomer(m, { addresses: [btc()] });
    const details = invalid(
      await m.call('PATCH', `/api/customers/${c.id}`, {
        currency: 'XYZ',
        addresses: [btc(), { address: 'nope', currency: 'BTC', network: 'bitcoin' }],
      }),
    );
    expect(details.map((d) => [d.code, d.target])).toEqual([
      ['must_be_included_in', 'currency'],
      ['must_be_unique', 'addresses.1.currency'],
      ['invalid_coin_address', 'addresses.1.address'],
    ]);
    expect((await m.call('GET', `/api/customers/${c.id}`)).json().data).toEqual(c);
    expectEnvelope(await m.call('PATCH', '/api/customers/nobody', { currency: 'EUR' }), 404, 'not_found');
  });
});

describe('permissions', () => {
  it('customers:read reads, customers:write writes; neither does the other', async () => {
    const c = await createCustomer(m);
    const root = m.root;
    const { createKey, signedCall } = await import('../../merchant-auth/merchant-test-kit.js');
    const as = async (permissions: string[]) => {
      const key = await createKey(root, permissions);
      return (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) =>
        signedCall(t, key, { method, path, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    };
    const reader = await as(['customers:read']);
    const writer = await as(['customers:write']);
    const unrelated = await as(['invoices:read', 'exchange_transfers:write']);
    expect((await reader('GET', '/api/customers')).statusCode).toBe(200);
    expect((await reader('GET', `/api/customers/${c.id}`)).statusCode).toBe(200);
    expectEnvelope(
      await reader('POST', '/api/customers', { id: newId(), currency: 'EUR' }),
      403,
      'unauthorized',
    );
    expectEnvelope(await reader('PATCH', `/api/customers/${c.id}`, { currency: 'USD' }), 403, 'unauthorized');
    expect((await writer('POST', '/api/customers', { id: newId(), currency: 'EUR' })).statusCode).toBe(201);
    expect((await writer('PATCH', `/api/customers/${c.id}`, { currency: 'USD' })).statusCode).toBe(200);
    expectEnvelope(await writer('GET', '/api/customers'), 403, 'unauthorized');
    expectEnvelope(await writer('GET', `/api/customers/${c.id}`), 403, 'unauthorized');
    for (const [method, path] of [
      ['GET', '/api/customers'],
      ['GET', `/api/customers/${c.id}`],
      ['POST', '/api/customers'],
      ['PATCH', `/api/customers/${c.id}`],
    ] as const)
      expectEnvelope(
        await unrelated(method, path, method === 'GET' ? undefined : { currency: 'EUR' }),
        403,
        'unauthorized',
      );
  });
});
