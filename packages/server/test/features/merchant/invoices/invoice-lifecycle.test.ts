import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAddress } from '../../../../src/features/merchant/addresses/addresses.js';
import { INVOICE_SIMULATION_STATES } from '../../../../src/features/merchant/invoices/invoice-simulation.js';
import { HIGH_RISK, LOW_RISK } from '../../../../src/features/merchant/wire/common-models.js';
import { wireTime } from '../../../../src/features/merchant/wire/timestamp.js';
import { expectEnvelope, startTestApp, type TestApp } from '../../../support/test-app.js';
import { newMerchant, type Merchant } from '../merchant-fixture.js';
import {
  invoiceEvents,
  ledger,
  newEvents,
  newInvoice,
  parseInvoice,
  parseRefund,
  simulate,
  simulated,
} from './invoice-kit.js';

/**
 * The invoice state machine end to end (CRYPTOPAY-API.md §3.1) through the sandbox's simulate
 * endpoint, on the test clock: every allowed move with the callbacks it emits (each `data` parsed
 * with the invoice model), every forbidden one, and the ledger each leaves.
 */

let t: TestApp;
let m: Merchant;
beforeAll(async () => {
  t = await startTestApp();
  m = await newMerchant(t);
});
afterAll(() => t.close());

const statusOf = (e: { data: { status: string; status_context: string | null } }) =>
  e.data.status_context ? `${e.data.status}/${e.data.status_context}` : e.data.status;

describe('from new', () => {
  it.each([
    ['paid', 'completed', LOW_RISK],
    ['completed', 'completed', LOW_RISK],
    ['underpaid', 'unresolved/underpaid', LOW_RISK],
    ['overpaid', 'unresolved/overpaid', LOW_RISK],
    ['paid_late', 'unresolved/paid_late', LOW_RISK],
    ['illicit_resource', 'unresolved/illicit_resource', HIGH_RISK],
  ])('%s: transaction_created, transaction_confirmed, status_changed → %s', async (state, outcome, risk) => {
    const inv = await newInvoice(m);
    const res = await simulate(m, inv.id, state);
    expect(res.statusCode).toBe(200);
    const done = parseInvoice(res.json().data);
    const events = await newEvents(t, inv.id, 0);
    expect(events.map((e) => e.event)).toEqual([
      'created',
      'transaction_created',
      'transaction_confirmed',
      'status_changed',
    ]);
    expect(events.map(statusOf)).toEqual(['new', 'new', 'new', outcome]);
    expect(events[0]!.data.transactions).toEqual([]);
    expect(events[1]!.data.transactions).toHaveLength(1);
    expect(events[3]!.data).toEqual(done);
    expect(done.transactions).toEqual([
      {
        txid: expect.stringMatching(/^[0-9a-f]{64}$/),
        risk,
        source_addresses: [expect.stringMatching(/^tb1q/)],
      },
    ]);
    expect(events.every((e) => e.accountId === m.accountId)).toBe(true);
  });

  it('paid credits the price less the fee; the unresolved outcomes credit nothing', async () => {
    const owner = await newMerchant(t);
    const paid = await simulated(owner, (await newInvoice(owner, { custom_id: 'c-1' })).id, 'paid');
    for (const state of ['underpaid', 'overpaid', 'paid_late', 'illicit_resource'])
      await simulated(owner, (await newInvoice(owner)).id, state);
    const eur = await ledger(owner, 'EUR');
    expect(eur.balance).toBe('99.0');
    expect(eur.movements).toMatchObject([
      {
        amount: '99.0',
        fee: '1.0',
        reference_type: 'Invoice',
        reference_id: paid.id,
        status: 'completed',
        status_context: null,
        description: 'Invoice c-1 paid',
      },
    ]);
    expect((await ledger(owner, 'BTC')).movements).toEqual([]);
  });

  it('paid_late moves the invoice past its expiry, keeping its 10 minutes', async () => {
    const inv = await newInvoice(m);
    const late = await simulated(m, inv.id, 'paid_late');
    expect(late.expires_at).toBe(wireTime(new Date(t.clock.now.getTime() - 60_000)));
    expect(Date.parse(late.expires_at) - Date.parse(late.created_at)).toBe(10 * 60_000);
    const events = await newEvents(t, inv.id, 1);
    expect(events.every((e) => e.data.expires_at === late.expires_at)).toBe(true);
  });

  it('on the clock: paid after expires_at is paid late; completed completes anyway', async () => {
    const a = await newInvoice(m);
    const b = await newInvoice(m);
    t.clock.advance(10 * 60_000 + 1000);
    expect(await simulated(m, a.id, 'paid')).toMatchObject({
      status: 'unresolved',
      status_context: 'paid_late',
    });
    expect(await simulated(m, b.id, 'completed')).toMatchObject({
      status: 'completed',
      status_context: null,
    });
  });

  it('transaction_created (any amount=) then transaction_confirmed, as two moves', async () => {
    const inv = await newInvoice(m);
    const seen = parseInvoice(
      (await simulate(m, inv.id, 'transaction_created', { amount: '0.001' })).json().data,
    );
    expect(seen).toMatchObject({ status: 'new', paid_amount: '0.00100000' });
    expect((await newEvents(t, inv.id, 1)).map((e) => e.event)).toEqual(['transaction_created']);
    const more = await simulated(m, inv.id, 'transaction_created');
    expect(more.paid_amount).toBe('0.00167505'); // the rest
    const confirmed = await simulated(m, inv.id, 'transaction_confirmed');
    expect(confirmed).toMatchObject({ status: 'completed', paid_amount: '0.00167505' });
    expect(confirmed.transactions).toHaveLength(2);
    expect((await newEvents(t, inv.id, 3)).map((e) => [e.event, statusOf(e)])).toEqual([
      ['transaction_confirmed', 'new'],
      ['transaction_confirmed', 'new'],
      ['status_changed', 'completed'],
    ]);
  });

  it('cancelled: status_changed only', async () => {
    const inv = await newInvoice(m);
    expect((await simulated(m, inv.id, 'cancelled')).status).toBe('cancelled');
    expect((await newEvents(t, inv.id, 1)).map((e) => [e.event, statusOf(e)])).toEqual([
      ['status_changed', 'cancelled'],
    ]);
  });
});

describe('from unresolved', () => {
  async function unresolved(context: string, owner = m) {
    const inv = await newInvoice(owner);
    await simulated(owner, inv.id, context);
    return { id: inv.id, seen: (await invoiceEvents(t, inv.id)).length };
  }

  it('underpaid → completed: the payer sends the rest', async () => {
    const owner = await newMerchant(t);
    const { id, seen } = await unresolved('underpaid', owner);
    const done = await simulated(owner, id, 'completed');
    expect(done).toMatchObject({ status: 'completed', paid_amount: '0.00167505' });
    expect(done.transactions).toHaveLength(2);
    expect((await newEvents(t, id, seen)).map((e) => [e.event, statusOf(e)])).toEqual([
      ['transaction_created', 'unresolved/underpaid'],
      ['transaction_confirmed', 'unresolved/underpaid'],
      ['status_changed', 'completed'],
    ]);
    expect((await ledger(owner, 'EUR')).balance).toBe('99.0');
  });

  it.each(['overpaid', 'paid_late', 'illicit_resource'])(
    '%s → completed: released by Cryptopay, status_changed, the price credited',
    async (context) => {
      const owner = await newMerchant(t);
      const { id, seen } = await unresolved(context, owner);
      expect((await simulated(owner, id, 'completed')).status).toBe('completed');
      expect((await newEvents(t, id, seen)).map((e) => [e.event, statusOf(e)])).toEqual([
        ['status_changed', 'completed'],
      ]);
      const eur = await ledger(owner, 'EUR');
      expect(eur.balance).toBe('99.0');
      expect((eur.movements[0] as unknown as { risk: unknown }).risk).toEqual(
        context === 'illicit_resource' ? HIGH_RISK : LOW_RISK,
      );
    },
  );

  it('illicit_resource → refunded: compliance returns the funds; no refund object, no movement', async () => {
    const owner = await newMerchant(t);
    const { id, seen } = await unresolved('illicit_resource', owner);
    expect((await simulated(owner, id, 'refunded')).status).toBe('refunded');
    expect((await newEvents(t, id, seen)).map((e) => [e.event, statusOf(e)])).toEqual([
      ['status_changed', 'refunded'],
    ]);
    expect((await owner.call('GET', `/api/invoices/${id}/refunds`)).json()).toEqual({ data: [] });
    expect((await ledger(owner, 'BTC')).movements).toEqual([]);
  });

  it.each([
    ['underpaid', 'refunded', '0.00083752'],
    ['paid_late', 'refunded', '0.00167505'],
    ['overpaid', 'completed', '0.00016750'],
  ])(
    '%s → refunded: the auto-refund to the own account, refunded + status_changed → %s',
    async (context, outcome, amount) => {
      const owner = await newMerchant(t);
      const { id, seen } = await unresolved(context, owner);
      expect((await simulated(owner, id, 'refunded')).status).toBe(outcome);
      expect((await newEvents(t, id, seen)).map((e) => [e.event, statusOf(e)])).toEqual([
        ['refunded', outcome],
        ['status_changed', outcome],
      ]);
      const refunds = (await owner.call('GET', `/api/invoices/${id}/refunds`)).json().data.map(parseRefund);
      expect(refunds).toMatchObject([{ amount, address: null, txid: null }]);
      expect((await ledger(owner, 'BTC')).balance).toBe(amount.replace(/0+$/, ''));
    },
  );

  it.each(['underpaid', 'overpaid', 'paid_late'])(
    '%s → recalculated: the auto-recalculation settles it, recalculated + status_changed',
    async (context) => {
      const { id, seen } = await unresolved(context);
      expect((await simulated(m, id, 'recalculated')).status).toBe('completed');
      expect((await newEvents(t, id, seen)).map((e) => [e.event, statusOf(e)])).toEqual([
        ['recalculated', 'completed'],
        ['status_changed', 'completed'],
      ]);
    },
  );
});

describe('forbidden moves', () => {
  async function expectRefused(id: string, state: string, status: Record<string, string>) {
    const before = (await invoiceEvents(t, id)).length;
    const res = await simulate(m, id, state);
    const body = expectEnvelope(res, 422, 'validation_failed');
    expect(body.error.details[0], state).toMatchObject({
      field: 'state',
      code: 'invalid_state',
      args: status,
    });
    expect((await invoiceEvents(t, id)).length).toBe(before);
  }

  it.each(['completed', 'refunded', 'cancelled'])(
    'a %s invoice is final: every state is refused',
    async (final) => {
      const inv = await newInvoice(m);
      if (final === 'refunded') {
        await simulated(m, inv.id, 'underpaid');
        await simulated(m, inv.id, 'refunded');
      } else await simulated(m, inv.id, final);
      for (const state of INVOICE_SIMULATION_STATES) await expectRefused(inv.id, state, { status: final });
    },
  );

  it('an unresolved invoice takes no new payment and is not cancelled', async () => {
    for (const context of ['underpaid', 'overpaid', 'paid_late', 'illicit_resource']) {
      const inv = await newInvoice(m);
      await simulated(m, inv.id, context);
      const refused = [
        'paid',
        'underpaid',
        'overpaid',
        'paid_late',
        'illicit_resource',
        'cancelled',
        'transaction_confirmed',
      ];
      if (context !== 'underpaid') refused.push('transaction_created');
      if (context === 'illicit_resource') refused.push('recalculated');
      for (const state of refused)
        await expectRefused(inv.id, state, { status: 'unresolved', status_context: context });
    }
  });

  it('a new invoice is neither refunded nor recalculated, and has nothing to confirm', async () => {
    const inv = await newInvoice(m);
    for (const state of ['refunded', 'recalculated', 'transaction_confirmed'])
      await expectRefused(inv.id, state, { status: 'new' });
  });
});

describe('audit and the generic sandbox tools', () => {
  it('each simulation writes one audit line naming the move', async () => {
    const inv = await newInvoice(m);
    await simulated(m, inv.id, 'overpaid');
    const audit = (await m.root.request('GET', '/audit-log')).json().data;
    expect(audit[0]).toMatchObject({
      action: 'sandbox.invoice_simulated',
      actor: m.root.body.user.email,
      target: `${inv.id} overpaid: new → unresolved (overpaid)`,
    });
  });

  it('POST /sandbox/simulate moves invoices and completes refunds; a bad id is a 404', async () => {
    const owner = await newMerchant(t);
    const inv = await newInvoice(owner);
    const res = await owner.root.request('POST', '/sandbox/simulate', {
      resource: 'invoice',
      id: inv.id,
      state: 'underpaid',
    });
    expect(parseInvoice(res.json().data).status_context).toBe('underpaid');
    const address = sandboxAddress('BTC', 'bitcoin');
    const refund = await owner.call('POST', `/api/invoices/${inv.id}/refunds`, { address });
    const r = parseRefund(refund.json().data);
    const done = await owner.root.request('POST', '/sandbox/simulate', {
      resource: 'refund',
      id: r.id,
      state: 'completed',
    });
    expect(parseRefund(done.json().data).txid).toMatch(/^[0-9a-f]{64}$/);
    for (const resource of ['invoice', 'refund'])
      expectEnvelope(
        await owner.root.request('POST', '/sandbox/simulate', {
          resource,
          id: 'not-a-uuid',
          state: 'completed',
        }),
        404,
        'not_found',
      );
    const catalogue = (await owner.root.request('GET', '/sandbox/simulations')).json();
    expect(catalogue.simulators).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resource: 'invoice', states: [...INVOICE_SIMULATION_STATES] }),
        expect.objectContaining({ resource: 'refund', states: ['completed'] }),
      ]),
    );
  });

  it.each([
    ['Invoice.created', ['created'], 'new'],
    ['Invoice.transaction_created', ['created', 'transaction_created'], 'new'],
    [
      'Invoice.transaction_confirmed',
      ['created', 'transaction_created', 'transaction_confirmed', 'status_changed'],
      'completed',
    ],
    [
      'Invoice.status_changed',
      ['created', 'transaction_created', 'transaction_confirmed', 'status_changed'],
      'completed',
    ],
    [
      'Invoice.refunded',
      [
        'created',
        'transaction_created',
        'transaction_confirmed',
        'status_changed',
        'refunded',
        'status_changed',
      ],
      'refunded',
    ],
    [
      'Invoice.recalculated',
      [
        'created',
        'transaction_created',
        'transaction_confirmed',
        'status_changed',
        'recalculated',
        'status_changed',
      ],
      'completed',
    ],
  ])('trigger %s creates an invoice and fires it', async (event, events, status) => {
    const owner = await newMerchant(t);
    const res = await owner.root.request('POST', '/sandbox/trigger', { event });
    expect(res.statusCode).toBe(200);
    const inv = parseInvoice(res.json().data);
    expect(inv.status).toBe(status);
    const fired = await newEvents(t, inv.id, 0);
    expect(fired.map((e) => e.event)).toEqual(events);
    expect(fired.every((e) => e.accountId === owner.accountId)).toBe(true);
    const audit = (await owner.root.request('GET', '/audit-log')).json().data;
    expect(audit[0]).toMatchObject({ action: 'sandbox.invoice_simulated' });
  });
});
