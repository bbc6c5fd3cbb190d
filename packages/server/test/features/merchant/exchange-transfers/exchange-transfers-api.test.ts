import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUnits } from '../../../../src/features/merchant/balances/ledger-store.js';
import { ACCOUNT_CURRENCIES, FIATS } from '../../../../src/features/merchant/currencies.js';
import { createKey, signedCall } from '../../merchant-auth/merchant-test-kit.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';
import {
  accountTransactions,
  balanceOf,
  createTransfer,
  expectConsistent,
  fund,
  ledgerRows,
  parseTransfer,
  TRANSFER_PERMISSIONS,
} from './transfer-kit.js';

let t: TestApp;
let m: Merchant;
let other: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  [m, other] = await Promise.all([
    newMerchant(t, TRANSFER_PERMISSIONS),
    newMerchant(t, TRANSFER_PERMISSIONS),
  ]);
  await fund(t, m.accountId, 'EUR', '1000');
  await fund(t, m.accountId, 'BTC', '1');
  await fund(t, other.accountId, 'EUR', '1000');
});
afterAll(() => t.close());

type Detail = { code: string; target: string; message: string; args: Record<string, unknown> };
type Response = Awaited<ReturnType<Merchant['call']>>;

function invalid(res: Response): Detail[] {
  const body = expectEnvelope(res, 422, 'invalid');
  expect(body.error.message).toBe('invalid');
  return body.error.details as unknown as Detail[];
}

const BUY_BTC = { charged_currency: 'EUR', received_currency: 'BTC', received_amount: '0.001' };
const commit = (who: Merchant, id: string) => who.call('POST', `/api/exchange_transfers/${id}/commit`);
const movementsOf = async (accountId: string, referenceId: string) =>
  (await ledgerRows(t, accountId)).filter((r) => r.reference_id === referenceId);

/** Fresh account funded with `eur` euros. */
async function funded(eur: string): Promise<Merchant> {
  const p = await newMerchant(t, TRANSFER_PERMISSIONS);
  await fund(t, p.accountId, 'EUR', eur);
  return p;
}

describe('POST /api/exchange_transfers with force_commit', () => {
  it('converts at once: every field of the model, nothing more (no status, no created_at)', async () => {
    const p = await funded('100');
    const res = await p.call('POST', '/api/exchange_transfers', {
      ...BUY_BTC,
      force_commit: true,
      custom_id: 'fx-1',
    });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json())).toEqual(['data']);
    const x = parseTransfer(res.json().data);
    expect(x).toEqual({
      id: x.id,
      charged_amount: '60.6',
      charged_currency: 'EUR',
      received_amount: '0.001',
      received_currency: 'BTC',
      custom_id: 'fx-1',
      exchange: { pair: 'BTCEUR', rate: '60300.0', fee: '0.3', fee_currency: 'EUR' },
    });
    expect(await balanceOf(t, p.accountId, 'EUR')).toBe(3940n); // 100 − 60.60
    expect(await balanceOf(t, p.accountId, 'BTC')).toBe(100_000n);
    expect((await p.call('GET', `/api/exchange_transfers/${x.id}`)).json().data).toEqual(x);
  });

  it('moves the ledger once: the debit first, then the credit, both ExchangeTransfer with status null', async () => {
    const p = await funded('100');
    const x = await createTransfer(p, { ...BUY_BTC, force_commit: true, custom_id: 'fx-ledger' });
    const rows = await movementsOf(p.accountId, x.id);
    expect(rows.map((r) => [r.currency, r.amount, r.reference_type, r.status, r.custom_id])).toEqual([
      ['EUR', '-60.60', 'ExchangeTransfer', null, 'fx-ledger'],
      ['BTC', '0.00100000', 'ExchangeTransfer', null, 'fx-ledger'],
    ]);
    expect(rows[0]!.seq).toBeLessThan(rows[1]!.seq);
    expect([rows[0]!.fee, rows[0]!.fee_currency]).toEqual(['0.30', 'EUR']);
    expect([rows[1]!.fee, rows[1]!.fee_currency]).toEqual([null, null]);
    // As account transactions list them (the amounts' text form is the transactions' own).
    const listed = async (currency: string) =>
      (await accountTransactions(p, currency)).transactions
        .filter((tr) => tr.reference_id === x.id)
        .map((tr) => ({
          ...tr,
          amount: signedUnits(tr.amount, currency),
          balance: signedUnits(tr.balance, currency),
          fee: tr.fee === null ? null : signedUnits(tr.fee, tr.fee_currency!),
        }));
    expect(await listed('EUR')).toEqual([
      expect.objectContaining({
        amount: -6060n,
        currency: 'EUR',
        balance: 3940n,
        fee: 30n,
        fee_currency: 'EUR',
        reference_type: 'ExchangeTransfer',
        status: null,
        status_context: null,
        custom_id: 'fx-ledger',
      }),
    ]);
    expect(await listed('BTC')).toEqual([
      expect.objectContaining({
        amount: 100_000n,
        balance: 100_000n,
        fee: null,
        reference_type: 'ExchangeTransfer',
        status: null,
        custom_id: 'fx-ledger',
      }),
    ]);
    await expectConsistent(t, p, 'EUR');
    await expectConsistent(t, p, 'BTC');
    // No callback types exist for transfers (CRYPTOPAY-API.md §4.2).
    const callbacks = await t.ctx.db.kysely
      .selectFrom('callbacks')
      .select('body')
      .where('account_id', '=', p.accountId)
      .execute();
    expect(callbacks).toEqual([]);
  });

  it('by charged_amount: exactly that is debited, the fee comes out of it', async () => {
    const x = await createTransfer(m, {
      charged_currency: 'EUR',
      received_currency: 'BTC',
      charged_amount: '100',
      received_amount: null,
      force_commit: true,
    });
    expect(x).toMatchObject({
      charged_amount: '100.0',
      received_amount: '0.00165008',
      custom_id: null,
      exchange: { pair: 'BTCEUR', rate: '60300.0', fee: '0.5', fee_currency: 'EUR' },
    });
  });

  it('selling crypto for fiat uses the buy rate; fiat to fiat converts too; JSON numbers and "true" are accepted', async () => {
    const sell = await createTransfer(m, {
      charged_currency: 'btc',
      received_currency: 'eur',
      charged_amount: 0.001,
      force_commit: 'true',
    });
    expect(sell).toMatchObject({
      charged_amount: '0.001',
      charged_currency: 'BTC',
      received_amount: '59.4',
      received_currency: 'EUR',
      exchange: { pair: 'BTCEUR', rate: '59700.0', fee: '0.00000498', fee_currency: 'BTC' },
    });
    expect(await movementsOf(m.accountId, sell.id)).toHaveLength(2);
    const fiat = await createTransfer(m, {
      charged_currency: 'EUR',
      received_currency: 'USD',
      charged_amount: '10',
      force_commit: true,
    });
    expect(fiat.exchange?.pair).toBe('EURUSD');
    expect(fiat.received_currency).toBe('USD');
  });

  it('beyond the balance: 422 with both maxima, and nothing written', async () => {
    const p = await funded('50');
    const before = await ledgerRows(t, p.accountId);
    const res = await p.call('POST', '/api/exchange_transfers', { ...BUY_BTC, force_commit: true });
    expect(invalid(res)).toEqual([
      {
        code: 'must_be_less_than_or_equal',
        target: 'charged_amount',
        message: 'must be less than or equal to 50.0',
        args: { value: '50.0' },
      },
      {
        code: 'must_be_less_than_or_equal',
        target: 'received_amount',
        message: 'must be less than or equal to 0.00082504',
        args: { value: '0.00082504' },
      },
    ]);
    expect(await ledgerRows(t, p.accountId)).toEqual(before);
    expect(
      await t.ctx.db.kysely
        .selectFrom('merchant_exchange_transfers')
        .select('id')
        .where('account_id', '=', p.accountId)
        .execute(),
    ).toEqual([]);
    // The named maximum is exactly what fits.
    const max = await createTransfer(p, {
      charged_currency: 'EUR',
      received_currency: 'BTC',
      received_amount: '0.00082504',
      force_commit: true,
    });
    expect(Number(max.charged_amount)).toBeLessThanOrEqual(50);
    await expectConsistent(t, p, 'EUR');
  });

  it('an empty account answers the maxima as 0.0', async () => {
    const p = await newMerchant(t, TRANSFER_PERMISSIONS);
    expect(
      invalid(await p.call('POST', '/api/exchange_transfers', { ...BUY_BTC, force_commit: true })).map(
        (d) => d.args,
      ),
    ).toEqual([{ value: '0.0' }, { value: '0.0' }]);
  });
});

describe('two-step: quote, then commit within 30 s', () => {
  it('a quote moves nothing; commit executes it and answers it unchanged', async () => {
    const p = await funded('100');
    const quote = await createTransfer(p, BUY_BTC);
    expect(quote.charged_amount).toBe('60.6');
    expect(await movementsOf(p.accountId, quote.id)).toEqual([]);
    expect(await balanceOf(t, p.accountId, 'EUR')).toBe(10_000n);
    t.clock.advance(29_000);
    const res = await commit(p, quote.id);
    expect(res.statusCode).toBe(200);
    expect(parseTransfer(res.json().data)).toEqual(quote);
    expect((await movementsOf(p.accountId, quote.id)).map((r) => r.amount)).toEqual(['-60.60', '0.00100000']);
    expect(await balanceOf(t, p.accountId, 'EUR')).toBe(3940n);
    expect((await p.call('GET', `/api/exchange_transfers/${quote.id}`)).json().data).toEqual(quote);
  });

  it('exactly 30 s later still commits', async () => {
    const quote = await createTransfer(m, BUY_BTC);
    t.clock.advance(30_000);
    expect((await commit(m, quote.id)).statusCode).toBe(200);
  });

  it('committing twice: 422 already_committed on the id, the ledger moved once', async () => {
    const quote = await createTransfer(m, BUY_BTC);
    expect((await commit(m, quote.id)).statusCode).toBe(200);
    expect(invalid(await commit(m, quote.id))).toEqual([
      {
        code: 'already_committed',
        target: 'exchange_transfer_id',
        message: 'is already committed',
        args: {},
      },
    ]);
    expect(await movementsOf(m.accountId, quote.id)).toHaveLength(2);
    // A forced transfer is committed from the start.
    const forced = await createTransfer(m, { ...BUY_BTC, force_commit: true });
    expect(invalid(await commit(m, forced.id))).toEqual([
      expect.objectContaining({ code: 'already_committed' }),
    ]);
    expect(await movementsOf(m.accountId, forced.id)).toHaveLength(2);
  });

  it('after 30 s: 422 expired, nothing moves, ever; the quote stays readable', async () => {
    const quote = await createTransfer(m, BUY_BTC);
    t.clock.advance(30_001);
    expect(invalid(await commit(m, quote.id))).toEqual([
      {
        code: 'expired',
        target: 'exchange_transfer_id',
        message: 'was not committed within 30 seconds; create a new exchange transfer',
        args: {},
      },
    ]);
    t.clock.advance(60_000);
    expect(invalid(await commit(m, quote.id))).toEqual([expect.objectContaining({ code: 'expired' })]);
    expect(await movementsOf(m.accountId, quote.id)).toEqual([]);
    expect((await m.call('GET', `/api/exchange_transfers/${quote.id}`)).json().data).toEqual(quote);
  });

  it('a quote beyond the balance is refused at once; a commit beyond it too — and may succeed once funded', async () => {
    const p = await funded('70');
    expect(
      invalid(await p.call('POST', '/api/exchange_transfers', { ...BUY_BTC, received_amount: '0.002' })).map(
        (d) => [d.code, d.target],
      ),
    ).toEqual([
      ['must_be_less_than_or_equal', 'charged_amount'],
      ['must_be_less_than_or_equal', 'received_amount'],
    ]);
    const quote = await createTransfer(p, BUY_BTC); // 60.60 of 70
    await createTransfer(p, { ...BUY_BTC, received_amount: null, charged_amount: '20', force_commit: true }); // 50 left
    expect(invalid(await commit(p, quote.id))).toEqual([
      {
        code: 'must_be_less_than_or_equal',
        target: 'charged_amount',
        message: 'must be less than or equal to 50.0',
        args: { value: '50.0' },
      },
      {
        code: 'must_be_less_than_or_equal',
        target: 'received_amount',
        message: 'must be less than or equal to 0.00082504',
        args: { value: '0.00082504' },
      },
    ]);
    expect(await movementsOf(p.accountId, quote.id)).toEqual([]);
    await fund(t, p.accountId, 'EUR', '20');
    expect((await commit(p, quote.id)).statusCode).toBe(200);
    expect(await balanceOf(t, p.accountId, 'EUR')).toBe(940n);
    await expectConsistent(t, p, 'EUR');
  });

  it('commit takes no body; a body sent anyway is ignored', async () => {
    const quote = await createTransfer(m, BUY_BTC);
    expect((await m.call('POST', `/api/exchange_transfers/${quote.id}/commit`, {})).statusCode).toBe(200);
  });
});

describe('validation', () => {
  it('names the accepted currencies; the same currency twice, or a pair without a rate, is refused', async () => {
    const list = [...ACCOUNT_CURRENCIES];
    expect(
      invalid(
        await m.call('POST', '/api/exchange_transfers', {
          charged_currency: 'DOGE',
          received_currency: 'BTC',
          received_amount: '1',
        }),
      ),
    ).toEqual([
      {
        code: 'must_be_included_in',
        target: 'charged_currency',
        message: `must be one of: ${list.join(', ')}`,
        args: { list },
      },
    ]);
    const notEur = list.filter((c) => c !== 'EUR');
    expect(
      invalid(
        await m.call('POST', '/api/exchange_transfers', {
          charged_currency: 'EUR',
          received_currency: 'EUR',
          received_amount: '1',
        }),
      ),
    ).toEqual([
      {
        code: 'must_be_included_in',
        target: 'received_currency',
        message: `must be one of: ${notEur.join(', ')}`,
        args: { list: notEur },
      },
    ]);
    const fiats = FIATS.map((f) => f.currency);
    expect(
      invalid(
        await m.call('POST', '/api/exchange_transfers', {
          charged_currency: 'BTC',
          received_currency: 'ETH',
          received_amount: '1',
        }),
      ),
    ).toEqual([
      {
        code: 'must_be_included_in',
        target: 'received_currency',
        message: `must be one of: ${fiats.join(', ')}`,
        args: { list: fiats },
      },
    ]);
  });

  it('exactly one amount, valid at its currency’s precision', async () => {
    const post = (body: Record<string, unknown>) =>
      m.call('POST', '/api/exchange_transfers', {
        charged_currency: 'EUR',
        received_currency: 'BTC',
        ...body,
      });
    expect(invalid(await post({}))).toEqual([
      expect.objectContaining({
        code: 'must_be_filled',
        target: 'charged_amount',
        args: { one_of: ['charged_amount', 'received_amount'] },
      }),
    ]);
    expect(invalid(await post({ charged_amount: null, received_amount: null }))).toEqual([
      expect.objectContaining({ code: 'must_be_filled', target: 'charged_amount' }),
    ]);
    expect(invalid(await post({ charged_amount: '10', received_amount: '0.001' }))).toEqual([
      expect.objectContaining({ code: 'invalid', target: 'received_amount' }),
    ]);
    expect(invalid(await post({ charged_amount: '10.001' }))).toEqual([
      expect.objectContaining({
        code: 'invalid_precision',
        target: 'charged_amount',
        args: { precision: 2 },
      }),
    ]);
    expect(invalid(await post({ received_amount: '-1' }))).toEqual([
      expect.objectContaining({
        code: 'must_be_greater_than_or_equal',
        target: 'received_amount',
        args: { value: '0.00000001' },
      }),
    ]);
    expect(invalid(await post({ charged_amount: '0' }))).toEqual([
      expect.objectContaining({
        code: 'must_be_greater_than_or_equal',
        target: 'charged_amount',
        args: { value: '0.01' },
      }),
    ]);
    expect(invalid(await post({ charged_amount: 'ten' }))).toEqual([
      expect.objectContaining({ code: 'invalid', target: 'charged_amount' }),
    ]);
    expect(invalid(await post({ charged_amount: true }))).toEqual([
      expect.objectContaining({ target: 'charged_amount' }),
    ]);
    expect(
      invalid(
        await m.call('POST', '/api/exchange_transfers', {
          charged_currency: 'BTC',
          received_currency: 'EUR',
          charged_amount: '0.00000001',
        }),
      ),
    ).toEqual([
      expect.objectContaining({
        code: 'must_be_greater_than_or_equal',
        target: 'charged_amount',
        args: { value: '0.00000017' },
      }),
    ]);
  });

  it('missing and mistyped fields, one detail each', async () => {
    expect(
      invalid(await m.call('POST', '/api/exchange_transfers', {}))
        .map((d) => d.target)
        .sort(),
    ).toEqual(['charged_currency', 'received_currency']);
    expect(
      invalid(await m.call('POST', '/api/exchange_transfers', { ...BUY_BTC, force_commit: 'yes' })),
    ).toEqual([expect.objectContaining({ target: 'force_commit' })]);
    expect(
      invalid(await m.call('POST', '/api/exchange_transfers', { ...BUY_BTC, custom_id: 'x'.repeat(101) })),
    ).toEqual([expect.objectContaining({ code: 'too_long', target: 'custom_id' })]);
  });

  it('a reused custom_id is 409 duplicate_custom_id — a forced transfer’s ledger movements roll back with it', async () => {
    const p = await funded('200');
    await createTransfer(p, { ...BUY_BTC, custom_id: 'fx-dup' }); // a quote holds its custom_id too
    const before = await ledgerRows(t, p.accountId);
    const res = await p.call('POST', '/api/exchange_transfers', {
      ...BUY_BTC,
      custom_id: 'fx-dup',
      force_commit: true,
    });
    expect(expectEnvelope(res, 409, 'duplicate_custom_id').error).toEqual({
      code: 'duplicate_custom_id',
      message: 'duplicate custom id',
      details: [],
    });
    expect(await ledgerRows(t, p.accountId)).toEqual(before);
    expect(await balanceOf(t, p.accountId, 'EUR')).toBe(20_000n);
    expect(
      (await p.call('POST', '/api/exchange_transfers', { ...BUY_BTC, custom_id: 'fx-dup' })).statusCode,
    ).toBe(409);
    // Another account may use it.
    expect((await createTransfer(other, { ...BUY_BTC, custom_id: 'fx-dup' })).custom_id).toBe('fx-dup');
  });
});

describe('GET /api/exchange_transfers/:exchange_transfer_id and isolation', () => {
  it('unknown is 404 not_found; malformed ids are 422 must_be_uuid, on get and commit', async () => {
    expect(
      expectEnvelope(await m.call('GET', `/api/exchange_transfers/${randomUUID()}`), 404, 'not_found').error,
    ).toEqual({
      code: 'not_found',
      message: 'not found',
      details: [],
    });
    expectEnvelope(await commit(m, randomUUID()), 404, 'not_found');
    for (const res of [await m.call('GET', '/api/exchange_transfers/nope'), await commit(m, 'nope')])
      expect(invalid(res)).toEqual([
        { code: 'must_be_uuid', target: 'exchange_transfer_id', message: 'must match uuid format', args: {} },
      ]);
  });

  it("another account's transfer does not exist: not readable, not committable", async () => {
    const theirs = await createTransfer(other, BUY_BTC);
    expectEnvelope(await m.call('GET', `/api/exchange_transfers/${theirs.id}`), 404, 'not_found');
    expectEnvelope(await commit(m, theirs.id), 404, 'not_found');
    expect(await movementsOf(other.accountId, theirs.id)).toEqual([]);
    expect(await movementsOf(m.accountId, theirs.id)).toEqual([]);
    expect((await commit(other, theirs.id)).statusCode).toBe(200);
  });
});

describe('permissions', () => {
  it('exchange_transfers:read reads, :write creates and commits; neither does the other', async () => {
    const as = async (permissions: string[]) => {
      const key = await createKey(m.root, permissions);
      return (method: 'GET' | 'POST', path: string, body?: unknown) =>
        signedCall(t, key, { method, path, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    };
    const reader = await as(['exchange_transfers:read']);
    const writer = await as(['exchange_transfers:write']);
    const unrelated = await as(['customers:read', 'customers:write', 'accounts:read']);
    const x = await createTransfer(m, BUY_BTC);
    expect((await reader('GET', `/api/exchange_transfers/${x.id}`)).statusCode).toBe(200);
    expectEnvelope(await reader('POST', '/api/exchange_transfers', BUY_BTC), 403, 'unauthorized');
    expectEnvelope(await reader('POST', `/api/exchange_transfers/${x.id}/commit`), 403, 'unauthorized');
    expectEnvelope(await writer('GET', `/api/exchange_transfers/${x.id}`), 403, 'unauthorized');
    expect((await writer('POST', '/api/exchange_transfers', BUY_BTC)).statusCode).toBe(201);
    expect((await writer('POST', `/api/exchange_transfers/${x.id}/commit`)).statusCode).toBe(200);
    expectEnvelope(await unrelated('GET', `/api/exchange_transfers/${x.id}`), 403, 'unauthorized');
    expectEnvelope(await unrelated('POST', '/api/exchange_transfers', BUY_BTC), 403, 'unauthorized');
    expectEnvelope(await unrelated('POST', `/api/exchange_transfers/${x.id}/commit`), 403, 'unauthorized');
  });
});
