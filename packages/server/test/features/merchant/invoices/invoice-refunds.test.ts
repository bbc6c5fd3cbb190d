import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAddress } from '../../../../src/features/merchant/addresses/addresses.js';
import { HIGH_RISK, LOW_RISK } from '../../../../src/features/merchant/wire/common-models.js';
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
  parseRefund,
  simulated,
} from './invoice-kit.js';

let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  m = await newMerchant(t);
});
afterAll(() => t.close());

const payer = () => sandboxAddress('BTC', 'bitcoin');

/** An invoice of a fresh merchant, simulated to `state`. */
async function invoiceIn(state: string, extra: Record<string, unknown> = {}, who?: Merchant) {
  const owner = who ?? (await newMerchant(t));
  const inv = await newInvoice(owner, extra);
  return { owner, inv: await simulated(owner, inv.id, state) };
}

async function refund(owner: Merchant, invoiceId: string, body?: unknown) {
  return owner.call('POST', `/api/invoices/${invoiceId}/refunds`, body);
}

describe('POST /api/invoices/:invoice_id/refunds', () => {
  it('underpaid, to the payer: everything received goes back, the invoice is refunded', async () => {
    const { owner, inv } = await invoiceIn('underpaid', { custom_id: 'order-under' });
    expect(inv).toMatchObject({
      status: 'unresolved',
      status_context: 'underpaid',
      paid_amount: '0.00083752',
    });
    const before = (await invoiceEvents(t, inv.id)).length;
    const address = payer();
    const res = await refund(owner, inv.id, { address, beneficiary: { name: 'ignored' } });
    expect(res.statusCode).toBe(201);
    const r = parseRefund(res.json().data);
    expect(r).toEqual({
      id: r.id,
      invoice_id: inv.id,
      custom_id: 'order-under',
      amount: '0.00083752',
      amount_currency: 'BTC',
      fee: '0.00000000',
      fee_currency: 'BTC',
      address,
      network: 'bitcoin',
      txid: null,
      risk: LOW_RISK,
      created_at: wireTime(t.clock.now),
    });

    const now = parseInvoice((await owner.call('GET', `/api/invoices/${inv.id}`)).json().data);
    expect(now).toMatchObject({ status: 'refunded', status_context: null, paid_amount: '0.00083752' });
    const events = await newEvents(t, inv.id, before);
    expect(events.map((e) => e.event)).toEqual(['refunded', 'status_changed']);
    expect(events.every((e) => JSON.stringify(e.data) === JSON.stringify(now))).toBe(true);

    // The held funds pass through the BTC account: released, then sent. Nothing reaches EUR.
    const btc = await ledger(owner, 'BTC');
    expect(btc.balance).toBe('0.0');
    expect(btc.movements).toMatchObject([
      {
        amount: '-0.00083752',
        balance: '0.0',
        reference_type: 'InvoiceRefund',
        reference_id: r.id,
        status: null,
      },
      {
        amount: '0.00083752',
        balance: '0.00083752',
        reference_type: 'InvoiceRefund',
        reference_id: r.id,
        status: null,
      },
    ]);
    expect((await ledger(owner, 'EUR')).movements).toEqual([]);
  });

  it('underpaid, without an address (no body at all, or {}): credited to the merchant’s BTC account', async () => {
    for (const body of [undefined, {}, { address: null }]) {
      const { owner, inv } = await invoiceIn('underpaid');
      const res = await refund(owner, inv.id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(201);
      expect(parseRefund(res.json().data)).toMatchObject({
        amount: '0.00083752',
        address: null,
        txid: null,
        risk: null,
      });
      const btc = await ledger(owner, 'BTC');
      expect(btc.balance).toBe('0.00083752');
      expect(btc.movements).toMatchObject([
        { amount: '0.00083752', reference_type: 'InvoiceRefund', status: null },
      ]);
    }
  });

  it('overpaid: only the excess goes back, the price is credited and the invoice completed', async () => {
    const { owner, inv } = await invoiceIn('overpaid');
    expect(inv.paid_amount).toBe('0.00184255');
    const before = (await invoiceEvents(t, inv.id)).length;
    const r = parseRefund((await refund(owner, inv.id, { address: payer() })).json().data);
    expect(r).toMatchObject({ amount: '0.00016750', amount_currency: 'BTC' });
    const events = await newEvents(t, inv.id, before);
    expect(events.map((e) => e.event)).toEqual(['refunded', 'status_changed']);
    expect(events[1]!.data).toMatchObject({ status: 'completed', status_context: null });

    const eur = await ledger(owner, 'EUR');
    expect(eur.balance).toBe('99.0'); // 100.00 less the 1 % fee
    expect(eur.movements).toMatchObject([
      { amount: '99.0', fee: '1.0', reference_type: 'Invoice', reference_id: inv.id, status: 'completed' },
    ]);
    expect((await ledger(owner, 'BTC')).balance).toBe('0.0');
  });

  it('paid_late: everything goes back, the invoice is refunded', async () => {
    const { owner, inv } = await invoiceIn('paid_late');
    const r = parseRefund((await refund(owner, inv.id)).json().data);
    expect(r.amount).toBe('0.00167505');
    const now = parseInvoice((await owner.call('GET', `/api/invoices/${inv.id}`)).json().data);
    expect(now.status).toBe('refunded');
    expect((await ledger(owner, 'BTC')).balance).toBe('0.00167505');
    expect((await ledger(owner, 'EUR')).balance).toBe('0.0');
  });

  it.each([
    ['new', null, { status: 'new' }],
    ['completed', 'completed', { status: 'completed' }],
    ['cancelled', 'cancelled', { status: 'cancelled' }],
    ['illicit_resource', 'illicit_resource', { status: 'unresolved', status_context: 'illicit_resource' }],
  ])('a %s invoice cannot be refunded: 422 invalid_state, nothing written', async (_n, state, args) => {
    const owner = await newMerchant(t);
    let inv = await newInvoice(owner);
    if (state) inv = await simulated(owner, inv.id, state);
    const events = (await invoiceEvents(t, inv.id)).length;
    const res = await refund(owner, inv.id, { address: payer() });
    expect(detail(res)).toMatchObject({ code: 'invalid_state', target: 'invoice_id', args });
    expect((await invoiceEvents(t, inv.id)).length).toBe(events);
    expect((await owner.call('GET', `/api/invoices/${inv.id}/refunds`)).json()).toEqual({ data: [] });
    expect((await ledger(owner, 'BTC')).movements).toEqual([]);
  });

  it('a refunded invoice cannot be refunded twice', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    expect((await refund(owner, inv.id)).statusCode).toBe(201);
    expect(detail(await refund(owner, inv.id))).toMatchObject({
      code: 'invalid_state',
      target: 'invoice_id',
      args: { status: 'refunded' },
    });
    expect((await owner.call('GET', `/api/invoices/${inv.id}/refunds`)).json().data).toHaveLength(1);
  });

  it('an address not valid for the coin is 422 invalid_coin_address; nothing is written', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    for (const address of ['nope', sandboxAddress('ETH', 'ethereum'), `${payer()}x`])
      expect(detail(await refund(owner, inv.id, { address })), address).toMatchObject({
        code: 'invalid_coin_address',
        target: 'address',
        args: { currency: 'BTC' },
      });
    expect(detail(await refund(owner, inv.id, { address: 42 }))).toMatchObject({
      code: 'invalid_type',
      target: 'address',
    });
    const still = parseInvoice((await owner.call('GET', `/api/invoices/${inv.id}`)).json().data);
    expect(still.status_context).toBe('underpaid');
    expect((await owner.call('GET', `/api/invoices/${inv.id}/refunds`)).json()).toEqual({ data: [] });
  });

  it('unknown and malformed invoice ids', async () => {
    expectEnvelope(await refund(m, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expect(detail(await refund(m, 'nope'))).toMatchObject({ code: 'must_be_uuid', target: 'invoice_id' });
    expectEnvelope(
      await m.call('GET', '/api/invoices/00000000-0000-4000-8000-000000000000/refunds'),
      404,
      'not_found',
    );
    expect(detail(await m.call('GET', '/api/invoices/nope/refunds'))).toMatchObject({ code: 'must_be_uuid' });
  });
});

describe('GET /api/invoices/:invoice_id/refunds', () => {
  it('lists an invoice’s refunds as {data} without meta', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    expect((await owner.call('GET', `/api/invoices/${inv.id}/refunds`)).json()).toEqual({ data: [] });
    const made = parseRefund((await refund(owner, inv.id, { address: payer() })).json().data);
    const res = (await owner.call('GET', `/api/invoices/${inv.id}/refunds`)).json();
    expect(Object.keys(res)).toEqual(['data']);
    expect(res.data.map(parseRefund)).toEqual([made]);
  });
});

describe('refund completion (sandbox)', () => {
  it('a pending refund gets its txid; no callback; twice is 422', async () => {
    const { owner, inv } = await invoiceIn('paid_late');
    const r = parseRefund((await refund(owner, inv.id, { address: payer() })).json().data);
    const events = (await invoiceEvents(t, inv.id)).length;
    const res = await owner.root.request('POST', `/sandbox/invoices/${inv.id}/refunds/${r.id}/complete`);
    expect(res.statusCode).toBe(200);
    const done = parseRefund(res.json().data);
    expect(done).toEqual({ ...r, txid: done.txid });
    expect(done.txid).toMatch(/^[0-9a-f]{64}$/);
    expect((await owner.call('GET', `/api/invoices/${inv.id}/refunds`)).json().data).toEqual([done]);
    expect((await invoiceEvents(t, inv.id)).length).toBe(events);
    const audit = (await owner.root.request('GET', '/audit-log')).json().data;
    expect(audit[0]).toMatchObject({
      action: 'sandbox.refund_simulated',
      target: `${r.id}: pending → completed`,
    });

    const again = expectEnvelope(
      await owner.root.request('POST', `/sandbox/invoices/${inv.id}/refunds/${r.id}/complete`),
      422,
      'validation_failed',
    );
    expect(again.error.details).toEqual([
      {
        field: 'refund_id',
        message: 'the refund is already completed',
        code: 'invalid_state',
        args: { status: 'completed' },
      },
    ]);
  });

  it('a refund to the own account is complete already; the simulator says so', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    const r = parseRefund((await refund(owner, inv.id)).json().data);
    const res = await owner.root.request('POST', `/sandbox/invoices/${inv.id}/refunds/${r.id}/complete`);
    expect(expectEnvelope(res, 422, 'validation_failed').error.details[0]).toMatchObject({
      message: 'a refund to the own account is completed when it is made',
    });
  });

  it('the refund must be that invoice’s and the account’s', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    const r = parseRefund((await refund(owner, inv.id, { address: payer() })).json().data);
    const other = await newInvoice(owner);
    expectEnvelope(
      await owner.root.request('POST', `/sandbox/invoices/${other.id}/refunds/${r.id}/complete`),
      404,
      'not_found',
    );
    const stranger = await newMerchant(t);
    expectEnvelope(
      await stranger.root.request('POST', `/sandbox/invoices/${inv.id}/refunds/${r.id}/complete`),
      404,
      'not_found',
    );
  });
});

describe('permissions and isolation', () => {
  it('creating needs invoices:write, listing invoices:read', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    void owner;
    const reader = await newMerchant(t, ['invoices:read']);
    const writer = await newMerchant(t, ['invoices:write']);
    expectEnvelope(await refund(reader, inv.id), 403, 'unauthorized');
    expectEnvelope(await writer.call('GET', `/api/invoices/${inv.id}/refunds`), 403, 'unauthorized');
  });

  it('another account’s invoice is a 404 for its refunds, and is not refunded', async () => {
    const { owner, inv } = await invoiceIn('underpaid');
    const stranger = await newMerchant(t);
    expectEnvelope(await refund(stranger, inv.id, { address: payer() }), 404, 'not_found');
    expectEnvelope(await stranger.call('GET', `/api/invoices/${inv.id}/refunds`), 404, 'not_found');
    const still = parseInvoice((await owner.call('GET', `/api/invoices/${inv.id}`)).json().data);
    expect(still.status).toBe('unresolved');
  });

  it('an illicit_resource payment carries the high-risk score on its transaction', async () => {
    const { inv } = await invoiceIn('illicit_resource');
    expect(inv.transactions.map((x) => x.risk)).toEqual([HIGH_RISK]);
  });
});

describe('concurrency', () => {
  it('parallel refunds and commits of one invoice: exactly one resolves it, once', async () => {
    const { owner, inv } = await invoiceIn('overpaid');
    const q = parseRecalculation(
      (await owner.call('POST', `/api/invoices/${inv.id}/recalculations`)).json().data,
    );
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => refund(owner, inv.id, { address: payer() })),
      owner.call('POST', `/api/invoices/${inv.id}/recalculations/${q.id}/commit`),
      owner.call('POST', `/api/invoices/${inv.id}/recalculations/${q.id}/commit`),
    ]);
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200 || c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 422)).toHaveLength(5);
    const events = (await invoiceEvents(t, inv.id)).map((e) => e.event);
    expect(events.filter((e) => e === 'status_changed')).toHaveLength(2); // overpaid, then completed
    const eur = await ledger(owner, 'EUR');
    expect(eur.movements).toHaveLength(1);
    expect(['99.0', '108.9']).toContain(eur.balance);
  });
});
