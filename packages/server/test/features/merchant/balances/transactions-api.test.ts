import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountTransaction,
  accountTransactionListResponse,
} from '../../../../src/features/merchant/balances/balance.schemas.js';
import {
  postLedgerEntry,
  REFERENCE_TYPES,
  setLedgerStatus,
  type LedgerEntry,
} from '../../../../src/features/merchant/balances/ledger-store.js';
import { ACCOUNT_CURRENCIES } from '../../../../src/features/merchant/currencies.js';
import {
  HIGH_RISK,
  LOW_RISK,
  risk,
  type Risk,
} from '../../../../src/features/merchant/wire/common-models.js';
import { WIRE_TIME_PATTERN } from '../../../../src/features/merchant/wire/timestamp.js';
import { tx } from '../../../../src/platform/db/tx.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';

/**
 * GET /api/transactions (CRYPTOPAY-API.md §2.13) and GET /api/accounts/:id/transactions (§2.12)
 * over movements posted straight into the ledger, at known times on the test clock.
 */

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MEDIUM_RISK: Risk = {
  score: 5.1,
  level: 'medium',
  resource_name: 'Unknown',
  resource_category: 'unknown',
};
const START = new Date('2031-03-10T09:00:00.400Z');
const DAY = 86_400_000;

type Tx = ReturnType<typeof accountTransaction.parse>;
type List = { data: Tx[]; meta: { total: number; has_more: boolean } };

let t: TestApp;
let a: Merchant;
let b: Merchant;
/** A's movements, oldest first, by name. */
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

async function post(
  merchant: Merchant,
  name: string,
  entry: Omit<LedgerEntry, 'accountId' | 'referenceId' | 'description' | 'at'> & { at?: string },
) {
  const referenceId = crypto.randomUUID();
  const posted = await tx(t.ctx, (x) =>
    postLedgerEntry(x.db, {
      accountId: merchant.accountId,
      referenceId,
      description: `${name} movement`,
      at: t.clock.now.toISOString(),
      ...entry,
    }),
  );
  if (!posted.ok) throw new Error(`${name} was refused`);
  ids[name] = posted.id;
  refs[name] = referenceId;
}

beforeAll(async () => {
  t = await startTestApp();
  t.clock.now = new Date(START);
  a = await newMerchant(t, ['transactions:read', 'accounts:read']);
  b = await newMerchant(t, ['transactions:read', 'accounts:read']);
  // 2031-03-10 09:00:00.400
  await post(a, 'invoice', {
    currency: 'EUR',
    units: 10000n,
    referenceType: 'Invoice',
    status: 'completed',
    customId: 'inv-1',
    fee: { units: 100n, currency: 'EUR' },
    risk: LOW_RISK,
  });
  t.clock.advance(1000); // 09:00:01.400
  await post(a, 'payment', {
    currency: 'BTC',
    units: 50_000_000n,
    referenceType: 'ChannelPayment',
    status: 'on_hold',
    statusContext: 'illicit_resource',
    customerId: 'cust-1',
    risk: HIGH_RISK,
  });
  t.clock.advance(DAY); // 2031-03-11 09:00:01.400
  await post(a, 'withdrawal', {
    currency: 'EUR',
    units: -3000n,
    referenceType: 'CoinWithdrawal',
    status: 'pending',
    fee: { units: 50n, currency: 'EUR' },
    risk: MEDIUM_RISK,
  });
  t.clock.advance(DAY); // 2031-03-12 09:00:01.400
  // Given in the wire's form: the ledger stores it as toISOString.
  await post(a, 'transfer', {
    currency: 'EUR',
    units: 1000n,
    referenceType: 'ExchangeTransfer',
    status: null,
    at: '2031-03-12T09:00:01+00:00',
  });
  t.clock.advance(500); // 09:00:01.900
  await post(a, 'btc-out', {
    currency: 'BTC',
    units: -10_000_000n,
    referenceType: 'CoinWithdrawal',
    status: 'completed',
    risk: LOW_RISK,
  });
  // B has movements of its own, which A never sees.
  await post(b, 'b-invoice', { currency: 'EUR', units: 500n, referenceType: 'Invoice', status: 'completed' });
});
afterAll(() => t.close());

async function list(merchant: Merchant, query = ''): Promise<List> {
  const res = await merchant.call('GET', `/api/transactions${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return accountTransactionListResponse.parse(res.json()) as List;
}

const names = (l: List) => l.data.map((r) => Object.keys(ids).find((n) => ids[n] === r.id));

describe('GET /api/transactions', () => {
  it('every movement, newest first, every field of the model', async () => {
    const all = await list(a);
    expect(names(all)).toEqual(['btc-out', 'transfer', 'withdrawal', 'payment', 'invoice']);
    expect(all.meta).toEqual({ total: 5, has_more: false });
    for (const row of all.data) {
      accountTransaction.strict().parse(row);
      if (row.risk) risk.strict().parse(row.risk);
      expect(row.id).toMatch(V4);
      expect(row.created_at).toMatch(WIRE_TIME_PATTERN);
    }
    const byName = Object.fromEntries(all.data.map((r, i) => [names(all)[i], r]));
    expect(byName.invoice).toEqual({
      id: ids.invoice,
      custom_id: 'inv-1',
      customer_id: null,
      amount: '100.0',
      currency: 'EUR',
      balance: '100.0',
      fee: '1.0',
      fee_currency: 'EUR',
      reference_id: refs.invoice,
      reference_type: 'Invoice',
      description: 'invoice movement',
      status: 'completed',
      status_context: null,
      risk: LOW_RISK,
      created_at: '2031-03-10T09:00:00+00:00',
    });
    expect(byName.payment).toMatchObject({
      amount: '0.5',
      currency: 'BTC',
      balance: '0.5',
      fee: null,
      fee_currency: null,
      customer_id: 'cust-1',
      status: 'on_hold',
      status_context: 'illicit_resource',
      risk: HIGH_RISK,
    });
    expect(byName.withdrawal).toMatchObject({
      amount: '-30.0',
      balance: '70.0',
      fee: '0.5',
      risk: MEDIUM_RISK,
    });
    expect(byName.transfer).toMatchObject({
      amount: '10.0',
      balance: '80.0',
      status: null,
      risk: null,
      created_at: '2031-03-12T09:00:01+00:00',
    });
    expect(byName['btc-out']).toMatchObject({ amount: '-0.1', balance: '0.4' });
  });

  it('currency narrows to one account; a currency the sandbox lacks is must_be_included_in', async () => {
    expect(names(await list(a, '?currency=EUR'))).toEqual(['transfer', 'withdrawal', 'invoice']);
    expect((await list(a, '?currency=EUR')).meta.total).toBe(3);
    expect(names(await list(a, '?currency=BTC'))).toEqual(['btc-out', 'payment']);
    expect(await list(a, '?currency=XLM')).toEqual({ data: [], meta: { total: 0, has_more: false } });
    for (const bad of ['DOGE', 'eur']) {
      const body = expectEnvelope(await a.call('GET', `/api/transactions?currency=${bad}`), 422, 'invalid');
      expect(body.error.details[0]).toMatchObject({
        code: 'must_be_included_in',
        target: 'currency',
        args: { list: [...ACCOUNT_CURRENCIES] },
      });
    }
  });

  it('reference_type narrows to one kind of object', async () => {
    expect(names(await list(a, '?reference_type=CoinWithdrawal'))).toEqual(['btc-out', 'withdrawal']);
    expect(names(await list(a, '?reference_type=Invoice'))).toEqual(['invoice']);
    expect((await list(a, '?reference_type=BankDeposit')).meta.total).toBe(0);
    const body = expectEnvelope(
      await a.call('GET', '/api/transactions?reference_type=Payout'),
      422,
      'invalid',
    );
    expect(body.error.details[0]).toMatchObject({
      code: 'must_be_included_in',
      target: 'reference_type',
      args: { list: [...REFERENCE_TYPES] },
    });
  });

  it('status matches the referenced object’s status, and follows it when it changes', async () => {
    expect(names(await list(a, '?status=completed'))).toEqual(['btc-out', 'invoice']);
    expect(names(await list(a, '?status=on_hold'))).toEqual(['payment']);
    expect((await list(a, '?status=paid')).meta.total).toBe(0);
    await tx(t.ctx, (x) => setLedgerStatus(x.db, a.accountId, refs.withdrawal as string, 'completed'));
    try {
      expect(names(await list(a, '?status=completed'))).toEqual(['btc-out', 'withdrawal', 'invoice']);
      expect((await list(a, '?status=pending')).meta.total).toBe(0);
    } finally {
      await tx(t.ctx, (x) => setLedgerStatus(x.db, a.accountId, refs.withdrawal as string, 'pending'));
    }
    expect(names(await list(a, '?status=pending'))).toEqual(['withdrawal']);
  });

  it('risk_level narrows by the movement’s risk; movements without one match no level', async () => {
    expect(names(await list(a, '?risk_level=low'))).toEqual(['btc-out', 'invoice']);
    expect(names(await list(a, '?risk_level=medium'))).toEqual(['withdrawal']);
    expect(names(await list(a, '?risk_level=high'))).toEqual(['payment']);
    const body = expectEnvelope(await a.call('GET', '/api/transactions?risk_level=severe'), 422, 'invalid');
    expect(body.error.details[0]).toMatchObject({
      code: 'must_be_included_in',
      target: 'risk_level',
      args: { list: ['low', 'medium', 'high'] },
    });
  });

  it('created_at_from / created_at_to bound the time, each including the span it names', async () => {
    const q = (from?: string, to?: string) =>
      `?${new URLSearchParams({ ...(from ? { created_at_from: from } : {}), ...(to ? { created_at_to: to } : {}) })}`;
    // The wire's own second: the invoice at 09:00:00.400 is inside "to 09:00:00".
    expect(names(await list(a, q(undefined, '2031-03-10T09:00:00+00:00')))).toEqual(['invoice']);
    expect(names(await list(a, q('2031-03-10T09:00:01+00:00', '2031-03-10T09:00:01+00:00')))).toEqual([
      'payment',
    ]);
    expect(names(await list(a, q('2031-03-10T09:00:01Z')))).toEqual([
      'btc-out',
      'transfer',
      'withdrawal',
      'payment',
    ]);
    // Whole days.
    expect(names(await list(a, q('2031-03-11', '2031-03-11')))).toEqual(['withdrawal']);
    expect(names(await list(a, q('2031-03-11')))).toEqual(['btc-out', 'transfer', 'withdrawal']);
    expect(names(await list(a, q(undefined, '2031-03-10')))).toEqual(['payment', 'invoice']);
    // Offsets are honoured: 2031-03-12T10:00:01+01:00 is 09:00:01 UTC (09:00:01.000 and .900).
    expect(names(await list(a, q('2031-03-12T10:00:01+01:00', '2031-03-12T10:00:01+01:00')))).toEqual([
      'btc-out',
      'transfer',
    ]);
    expect(names(await list(a, q(undefined, '2031-03-12T09:00:01.899Z')))).toEqual([
      'transfer',
      'withdrawal',
      'payment',
      'invoice',
    ]);
    // Milliseconds are exact.
    expect(names(await list(a, q('2031-03-12T09:00:01.900Z')))).toEqual(['btc-out']);
    expect(names(await list(a, q('2031-03-12T09:00:01.901Z')))).toEqual([]);
    // An unencoded + reads as a space, and still works.
    expect(
      names(
        await a
          .call('GET', '/api/transactions?created_at_to=2031-03-10T09:00:00+00:00')
          .then((r) => r.json() as List),
      ),
    ).toEqual(['invoice']);
    // from after to matches nothing.
    expect((await list(a, q('2031-03-12', '2031-03-10'))).meta.total).toBe(0);
  });

  it('a created_at bound that is not ISO 8601 is 422 invalid on that parameter', async () => {
    for (const [param, value] of [
      ['created_at_from', 'yesterday'],
      ['created_at_to', '2031-02-30'],
      ['created_at_from', '1634208717'],
    ]) {
      const res = await a.call('GET', `/api/transactions?${param}=${value}`);
      const body = expectEnvelope(res, 422, 'invalid');
      expect(body.error.details).toEqual([
        {
          code: 'invalid_format',
          target: param,
          message: 'must be an ISO 8601 date or time, e.g. 2021-10-14T10:51:57+00:00',
          args: { format: 'iso8601' },
        },
      ]);
    }
  });

  it('filters combine, and meta.total counts what they match', async () => {
    expect(names(await list(a, '?currency=EUR&reference_type=CoinWithdrawal'))).toEqual(['withdrawal']);
    expect(names(await list(a, '?currency=EUR&status=completed&risk_level=low'))).toEqual(['invoice']);
    const page = await list(a, '?currency=EUR&created_at_from=2031-03-11&limit=1');
    expect(names(page)).toEqual(['transfer']);
    expect(page.meta).toEqual({ total: 2, has_more: true });
    expect(await list(a, '?currency=BTC&reference_type=Invoice')).toEqual({
      data: [],
      meta: { total: 0, has_more: false },
    });
  });

  it('pages with limit and starting_after, filtered or not', async () => {
    const first = await list(a, '?limit=2');
    expect(names(first)).toEqual(['btc-out', 'transfer']);
    expect(first.meta).toEqual({ total: 5, has_more: true });
    const second = await list(a, `?limit=2&starting_after=${first.data[1]?.id}`);
    expect(names(second)).toEqual(['withdrawal', 'payment']);
    expect(second.meta).toEqual({ total: 5, has_more: true });
    const last = await list(a, `?limit=2&starting_after=${second.data[1]?.id}`);
    expect(names(last)).toEqual(['invoice']);
    expect(last.meta).toEqual({ total: 5, has_more: false });

    const eur: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await list(a, `?currency=EUR&limit=1${cursor}`);
      expect(page.meta.total).toBe(3);
      eur.push(...(names(page) as string[]));
      if (!page.meta.has_more) break;
      cursor = `&starting_after=${page.data[0]?.id}`;
    }
    expect(eur).toEqual(['transfer', 'withdrawal', 'invoice']);
    // The cursor is a position in the merchant's ledger, whether or not the filter matches it.
    expect(names(await list(a, `?currency=EUR&starting_after=${ids.payment}`))).toEqual(['invoice']);
  });

  it('limit and cursor are checked', async () => {
    const low = expectEnvelope(await a.call('GET', '/api/transactions?limit=0'), 422, 'invalid');
    expect(low.error.details[0]).toMatchObject({ code: 'must_be_greater_than_or_equal', target: 'limit' });
    const high = expectEnvelope(await a.call('GET', '/api/transactions?limit=101'), 422, 'invalid');
    expect(high.error.details[0]).toMatchObject({ code: 'must_be_less_than_or_equal', target: 'limit' });
    const malformed = expectEnvelope(
      await a.call('GET', '/api/transactions?starting_after=abc'),
      422,
      'invalid',
    );
    expect(malformed.error.details[0]).toMatchObject({ code: 'must_be_uuid', target: 'starting_after' });
    const unknown = expectEnvelope(
      await a.call('GET', `/api/transactions?starting_after=${crypto.randomUUID()}`),
      422,
      'invalid',
    );
    expect(unknown.error.details[0]).toMatchObject({ code: 'not_found', target: 'starting_after' });
  });

  it('one merchant never sees another’s movements, not even as a cursor', async () => {
    const theirs = await list(b);
    expect(names(theirs)).toEqual(['b-invoice']);
    expect(theirs.meta.total).toBe(1);
    const mine = expectEnvelope(
      await b.call('GET', `/api/transactions?starting_after=${ids.invoice}`),
      422,
      'invalid',
    );
    const unknown = expectEnvelope(
      await b.call('GET', `/api/transactions?starting_after=${crypto.randomUUID()}`),
      422,
      'invalid',
    );
    expect(mine.error.details).toEqual(unknown.error.details);
    expect(
      (await list(a, `?starting_after=${ids.payment}`)).data.some((r) => r.id === ids['b-invoice']),
    ).toBe(false);
  });

  it('needs transactions:read', async () => {
    const accountsOnly = await newMerchant(t, ['accounts:read']);
    expectEnvelope(await accountsOnly.call('GET', '/api/transactions'), 403, 'unauthorized');
    const transactionsOnly = await newMerchant(t, ['transactions:read']);
    expect((await transactionsOnly.call('GET', '/api/transactions')).statusCode).toBe(200);
    expectEnvelope(await t.app.inject({ method: 'GET', url: '/api/transactions' }), 401, 'unauthenticated');
  });
});

describe('GET /api/accounts and /api/accounts/:account_id/transactions', () => {
  async function accounts(merchant: Merchant) {
    const res = await merchant.call('GET', '/api/accounts');
    expect(res.statusCode).toBe(200);
    return res.json() as {
      data: { id: string; currency: string; balance: string; project_id: string }[];
      meta: unknown;
    };
  }

  it('balances follow the ledger; ids are v4 and project_id is the merchant', async () => {
    const body = await accounts(a);
    expect(body.meta).toEqual({ total: ACCOUNT_CURRENCIES.length, has_more: false });
    const balances = Object.fromEntries(body.data.map((x) => [x.currency, x.balance]));
    expect(balances).toMatchObject({ EUR: '80.0', BTC: '0.4', USD: '0.0', XLM: '0.0' });
    for (const x of body.data) {
      expect(Object.keys(x).sort()).toEqual(['balance', 'currency', 'id', 'project_id']);
      expect(x.id).toMatch(V4);
      expect(x.project_id).toBe(a.accountId);
      expect(x.project_id).toMatch(V4);
    }
    expect(Object.fromEntries((await accounts(b)).data.map((x) => [x.currency, x.balance]))).toMatchObject({
      EUR: '5.0',
      BTC: '0.0',
    });
  });

  it('an account lists its own currency’s movements, paged', async () => {
    const byCurrency = Object.fromEntries((await accounts(a)).data.map((x) => [x.currency, x.id]));
    const eur = await a.call('GET', `/api/accounts/${byCurrency.EUR}/transactions`);
    expect(eur.statusCode).toBe(200);
    const eurList = accountTransactionListResponse.parse(eur.json()) as List;
    for (const row of eurList.data) accountTransaction.strict().parse(row);
    expect(names(eurList)).toEqual(['transfer', 'withdrawal', 'invoice']);
    expect(eurList.meta).toEqual({ total: 3, has_more: false });
    expect(eurList.data).toEqual((await list(a, '?currency=EUR')).data);

    const page = (await a.call('GET', `/api/accounts/${byCurrency.BTC}/transactions?limit=1`)).json() as List;
    expect(names(page)).toEqual(['btc-out']);
    expect(page.meta).toEqual({ total: 2, has_more: true });
    const next = (
      await a.call(
        'GET',
        `/api/accounts/${byCurrency.BTC}/transactions?limit=1&starting_after=${page.data[0]?.id}`,
      )
    ).json() as List;
    expect(names(next)).toEqual(['payment']);
    expect(next.meta).toEqual({ total: 2, has_more: false });
    const empty = (await a.call('GET', `/api/accounts/${byCurrency.SOL}/transactions`)).json();
    expect(empty).toEqual({ data: [], meta: { total: 0, has_more: false } });
  });

  it("another merchant's account is a 404, a malformed id a 422, a foreign cursor a 422", async () => {
    const theirs = (await accounts(b)).data.find((x) => x.currency === 'EUR')?.id;
    expectEnvelope(await a.call('GET', `/api/accounts/${theirs}/transactions`), 404, 'not_found');
    expectEnvelope(
      await a.call('GET', `/api/accounts/${crypto.randomUUID()}/transactions`),
      404,
      'not_found',
    );
    const malformed = expectEnvelope(await a.call('GET', '/api/accounts/EUR/transactions'), 422, 'invalid');
    expect(malformed.error.details[0]).toMatchObject({ code: 'must_be_uuid', target: 'account_id' });
    const own = (await accounts(b)).data.find((x) => x.currency === 'EUR')?.id;
    const foreign = expectEnvelope(
      await b.call('GET', `/api/accounts/${own}/transactions?starting_after=${ids.invoice}`),
      422,
      'invalid',
    );
    expect(foreign.error.details[0]).toMatchObject({ code: 'not_found', target: 'starting_after' });
  });

  it('both need accounts:read (transactions:read is not enough)', async () => {
    const transactionsOnly = await newMerchant(t, ['transactions:read']);
    expectEnvelope(await transactionsOnly.call('GET', '/api/accounts'), 403, 'unauthorized');
    const id = (await accounts(a)).data[0]?.id;
    expectEnvelope(
      await transactionsOnly.call('GET', `/api/accounts/${id}/transactions`),
      403,
      'unauthorized',
    );
  });
});
