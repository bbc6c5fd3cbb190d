import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireTime } from '../../../../src/features/merchant/wire/timestamp.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';
import {
  detail,
  invoiceEvents,
  ledger,
  newEvents,
  newInvoice,
  parseInvoice,
  parseRecalculation,
  simulated,
} from './invoice-kit.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function invoiceIn(state: string, extra: Record<string, unknown> = {}) {
  const owner = await newMerchant(t);
  const inv = await newInvoice(owner, extra);
  return { owner, inv: await simulated(owner, inv.id, state) };
}

const quote = (owner: Merchant, invoiceId: string, body?: unknown) =>
  owner.call('POST', `/api/invoices/${invoiceId}/recalculations`, body);
const commit = (owner: Merchant, invoiceId: string, id: string) =>
  owner.call('POST', `/api/invoices/${invoiceId}/recalculations/${id}/commit`);
const current = async (owner: Merchant, id: string) =>
  parseInvoice((await owner.call('GET', `/api/invoices/${id}`)).json().data);

describe('two-step recalculation', () => {
  it('quotes what was received at the current rate; committing within 30 s settles the invoice', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    const before = (await invoiceEvents(t, inv.id)).length;
    const res = await quote(owner, inv.id);
    expect(res.statusCode).toBe(201);
    const r = parseRecalculation(res.json().data);
    expect(r).toEqual({
      id: r.id,
      invoice_id: inv.id,
      pay_amount: '0.00083752',
      pay_currency: 'BTC',
      price_amount: '49.99', // 0.00083752 × 59700 = 49.9999…, rounded down
      price_currency: 'EUR',
      fee: '0.50',
      fee_currency: 'EUR',
      previous_pay_amount: '0.00167505',
      previous_price_amount: '100.00',
      previous_exchange_rate: '59700.0',
      exchange: { pair: 'BTCEUR', rate: '59700.0', fee: '0.00', fee_currency: 'EUR' },
      created_at: wireTime(t.clock.now),
    });
    // A quote changes nothing yet.
    expect(await current(owner, inv.id)).toEqual(inv);
    expect((await invoiceEvents(t, inv.id)).length).toBe(before);

    t.clock.advance(30_000);
    const committed = await commit(owner, inv.id, r.id);
    expect(committed.statusCode).toBe(200);
    expect(parseRecalculation(committed.json().data)).toEqual(r);

    const done = await current(owner, inv.id);
    expect(done).toMatchObject({
      status: 'completed',
      status_context: null,
      price_amount: '49.99',
      pay_amount: '0.00083752',
      paid_amount: '0.00083752',
      fee: '0.50',
      uri: `bitcoin:${inv.address}?amount=0.00083752`,
    });
    const events = await newEvents(t, inv.id, before);
    expect(events.map((e) => e.event)).toEqual(['recalculated', 'status_changed']);
    for (const e of events) expect(e.data).toEqual(done);

    const eur = await ledger(owner, 'EUR');
    expect(eur.balance).toBe('49.49');
    expect(eur.movements).toMatchObject([
      { amount: '49.49', fee: '0.5', reference_type: 'Invoice', reference_id: inv.id, status: 'completed' },
    ]);
  });

  it('after 30 s the quote has expired (422 expired); a new one can be committed', async () => {
    const { owner, inv } = await invoiceIn('overpaid');
    const old = parseRecalculation((await quote(owner, inv.id, {})).json().data);
    expect(old.price_amount).toBe('110.00');
    t.clock.advance(30_001);
    expect(detail(await commit(owner, inv.id, old.id))).toEqual({
      code: 'expired',
      target: 'recalculation_id',
      message: 'has expired: a recalculation must be committed within 30 seconds',
      args: {},
    });
    expect((await current(owner, inv.id)).status).toBe('unresolved');
    const fresh = parseRecalculation((await quote(owner, inv.id, { force_commit: false })).json().data);
    expect((await commit(owner, inv.id, fresh.id)).statusCode).toBe(200);
    expect(await current(owner, inv.id)).toMatchObject({ status: 'completed', price_amount: '110.00' });
    expect((await ledger(owner, 'EUR')).balance).toBe('108.9');
  });

  it('committing twice is 422 already_committed; nothing is credited twice', async () => {
    const { owner, inv } = await invoiceIn('paid_late');
    const r = parseRecalculation((await quote(owner, inv.id)).json().data);
    expect(r.price_amount).toBe('100.00');
    expect((await commit(owner, inv.id, r.id)).statusCode).toBe(200);
    const before = (await invoiceEvents(t, inv.id)).length;
    expect(detail(await commit(owner, inv.id, r.id))).toMatchObject({
      code: 'already_committed',
      target: 'recalculation_id',
    });
    t.clock.advance(60_000);
    expect(detail(await commit(owner, inv.id, r.id))).toMatchObject({ code: 'already_committed' });
    expect((await invoiceEvents(t, inv.id)).length).toBe(before);
    expect((await ledger(owner, 'EUR')).movements).toHaveLength(1);
  });

  it('a quote whose invoice was resolved meanwhile cannot be committed (invalid_state)', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    const a = parseRecalculation((await quote(owner, inv.id)).json().data);
    const b = parseRecalculation((await quote(owner, inv.id)).json().data);
    expect((await commit(owner, inv.id, a.id)).statusCode).toBe(200);
    expect(detail(await commit(owner, inv.id, b.id))).toMatchObject({
      code: 'invalid_state',
      target: 'invoice_id',
      args: { status: 'completed' },
    });

    const other = await invoiceIn('underpaid');
    const q = parseRecalculation((await quote(other.owner, other.inv.id)).json().data);
    expect((await other.owner.call('POST', `/api/invoices/${other.inv.id}/refunds`)).statusCode).toBe(201);
    expect(detail(await commit(other.owner, other.inv.id, q.id))).toMatchObject({
      code: 'invalid_state',
      args: { status: 'refunded' },
    });
    expect((await ledger(other.owner, 'EUR')).movements).toEqual([]);
  });
});

describe('force_commit', () => {
  it('settles at once: recalculated + status_changed, the credit; a later commit is already_committed', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    const before = (await invoiceEvents(t, inv.id)).length;
    const res = await quote(owner, inv.id, { force_commit: true });
    expect(res.statusCode).toBe(201);
    const r = parseRecalculation(res.json().data);
    const done = await current(owner, inv.id);
    expect(done).toMatchObject({ status: 'completed', price_amount: r.price_amount });
    expect((await newEvents(t, inv.id, before)).map((e) => e.event)).toEqual([
      'recalculated',
      'status_changed',
    ]);
    expect((await ledger(owner, 'EUR')).balance).toBe('49.49');
    expect(detail(await commit(owner, inv.id, r.id))).toMatchObject({ code: 'already_committed' });
  });

  it('must be a boolean', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    for (const force_commit of ['true', 1])
      expect(detail(await quote(owner, inv.id, { force_commit }))).toMatchObject({
        code: 'invalid_type',
        target: 'force_commit',
      });
  });
});

describe('without an exchange', () => {
  it('a crypto-priced invoice in its own coin: no exchange, no previous rate, the price is what came in', async () => {
    const { owner, inv } = await invoiceIn('underpaid', {
      price_amount: '0.001',
      price_currency: 'BTC',
      pay_currency: 'BTC',
    });
    const r = parseRecalculation((await quote(owner, inv.id, { force_commit: true })).json().data);
    expect(r).toMatchObject({
      pay_amount: '0.00050000',
      price_amount: '0.00050000',
      fee: '0.00000500',
      fee_currency: 'BTC',
      previous_exchange_rate: null,
      exchange: null,
    });
    expect((await ledger(owner, 'BTC')).balance).toBe('0.000495');
  });
});

describe('refusals', () => {
  it.each([
    ['new', null, { status: 'new' }],
    ['completed', 'completed', { status: 'completed' }],
    ['cancelled', 'cancelled', { status: 'cancelled' }],
    ['illicit_resource', 'illicit_resource', { status: 'unresolved', status_context: 'illicit_resource' }],
  ])('a %s invoice cannot be recalculated: 422 invalid_state, nothing written', async (_n, state, args) => {
    const owner = await newMerchant(t);
    let inv = await newInvoice(owner);
    if (state) inv = await simulated(owner, inv.id, state);
    const events = (await invoiceEvents(t, inv.id)).length;
    expect(detail(await quote(owner, inv.id))).toMatchObject({
      code: 'invalid_state',
      target: 'invoice_id',
      args,
    });
    expect(detail(await quote(owner, inv.id, { force_commit: true }))).toMatchObject({
      code: 'invalid_state',
    });
    expect((await invoiceEvents(t, inv.id)).length).toBe(events);
    const rows = await t.ctx.db.kysely
      .selectFrom('merchant_invoice_recalculations')
      .select('id')
      .where('invoice_id', '=', inv.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it('unknown and malformed ids', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    const zero = '00000000-0000-4000-8000-000000000000';
    expectEnvelope(await quote(owner, zero), 404, 'not_found');
    expect(detail(await quote(owner, 'nope'))).toMatchObject({ code: 'must_be_uuid', target: 'invoice_id' });
    expectEnvelope(await commit(owner, inv.id, zero), 404, 'not_found');
    expect(detail(await commit(owner, inv.id, 'nope'))).toMatchObject({
      code: 'must_be_uuid',
      target: 'recalculation_id',
    });
    // A recalculation of another invoice is not this invoice's.
    const second = await invoiceIn('underpaid');
    const theirs = parseRecalculation((await quote(second.owner, second.inv.id)).json().data);
    const mine = await simulated(second.owner, (await newInvoice(second.owner)).id, 'underpaid');
    expectEnvelope(await commit(second.owner, mine.id, theirs.id), 404, 'not_found');
  });

  it('needs invoices:write; another account’s invoice or quote is a 404', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    const r = parseRecalculation((await quote(owner, inv.id)).json().data);
    const reader = await newMerchant(t, ['invoices:read']);
    expectEnvelope(await quote(reader, inv.id), 403, 'unauthorized');
    expectEnvelope(await commit(reader, inv.id, r.id), 403, 'unauthorized');
    const stranger = await newMerchant(t);
    expectEnvelope(await quote(stranger, inv.id), 404, 'not_found');
    expectEnvelope(await commit(stranger, inv.id, r.id), 404, 'not_found');
    expect((await current(owner, inv.id)).status).toBe('unresolved');
  });
});
