import { describe, expect, it } from 'vitest';
import {
  planSimulation,
  stateOfStatus,
  type InvoiceSimulationState,
  type SimulationInput,
} from '../../../../src/features/merchant/invoices/invoice-simulation.js';
import type {
  InvoiceStatus,
  InvoiceStatusContext,
} from '../../../../src/features/merchant/invoices/invoice-state.js';

const CREATED = '2026-01-01T00:00:00.000Z';
const EXPIRES = '2026-01-01T00:10:00.000Z';
const NOW = '2026-01-01T00:01:00.000Z';

const fresh: SimulationInput = {
  status: 'new',
  status_context: null,
  pay_amount: '0.00167505',
  paid_amount: '0.00000000',
  expires_at: EXPIRES,
  created_at: CREATED,
  transactions: [],
};

function env(now = NOW, amount?: string) {
  let n = 0;
  return {
    precision: 8,
    now,
    newTxid: () => `tx${++n}`,
    sourceAddress: () => 'tb1qsource',
    amount,
  };
}

function payment(input: SimulationInput, sim: InvoiceSimulationState, now = NOW, amount?: string) {
  const plan = planSimulation(input, sim, env(now, amount));
  if (plan.kind !== 'payment') throw new Error(JSON.stringify(plan));
  return plan;
}

const at = (
  status: InvoiceStatus,
  status_context: InvoiceStatusContext | null = null,
  paid = '0.00100000',
) => ({
  ...fresh,
  status,
  status_context,
  paid_amount: paid,
});

describe('simulated payments', () => {
  it('paid: the rest paid and confirmed → completed, with each event’s snapshot', () => {
    const p = payment(fresh, 'paid');
    expect(p.steps.steps.map((s) => s.event)).toEqual([
      'transaction_created',
      'transaction_confirmed',
      'status_changed',
    ]);
    const [created, confirmed, changed] = p.steps.steps;
    expect(created!.state).toMatchObject({ status: 'new', paid_amount: '0.00167505' });
    expect(created!.state.transactions[0]).toMatchObject({ txid: 'tx1', confirmed: false, seen_at: NOW });
    expect(confirmed!.state.transactions[0]!.confirmed).toBe(true);
    expect(changed!.state).toMatchObject({ status: 'completed', status_context: null });
    expect(p.window).toBeUndefined();
  });

  it('paid after expiry is paid late; completed completes anyway', () => {
    const late = '2026-01-01T00:11:00.000Z';
    expect(payment(fresh, 'paid', late).steps.final).toMatchObject({
      status: 'unresolved',
      status_context: 'paid_late',
    });
    expect(payment(fresh, 'completed', late).steps.final).toMatchObject({ status: 'completed' });
  });

  it.each([
    ['underpaid', '0.00083752', 'underpaid', 'low'],
    ['overpaid', '0.00184255', 'overpaid', 'low'],
    ['illicit_resource', '0.00167505', 'illicit_resource', 'high'],
  ] as const)('%s pays %s and ends unresolved/%s', (sim, paid, context, level) => {
    const p = payment(fresh, sim);
    expect(p.steps.final).toMatchObject({ status: 'unresolved', status_context: context, paid_amount: paid });
    expect(p.steps.final.transactions.map((t) => t.risk.level)).toEqual([level]);
  });

  it('paid_late moves the window back (its length kept) so expiry lies a minute before now', () => {
    const p = payment(fresh, 'paid_late');
    expect(p.window).toEqual({
      created_at: '2025-12-31T23:50:00.000Z',
      expires_at: '2026-01-01T00:00:00.000Z',
    });
    expect(p.steps.steps[0]!.state.expires_at).toBe('2026-01-01T00:00:00.000Z');
    expect(p.steps.final).toMatchObject({ status: 'unresolved', status_context: 'paid_late' });
    // Already expired: nothing to move.
    const expired = payment(fresh, 'paid_late', '2026-01-01T01:00:00.000Z');
    expect(expired.window).toBeUndefined();
    expect(expired.steps.final.status_context).toBe('paid_late');
  });

  it('transaction_created sends the rest or amount=, then transaction_confirmed settles', () => {
    const seen = payment(fresh, 'transaction_created', NOW, '0.001');
    expect(seen.steps.steps.map((s) => s.event)).toEqual(['transaction_created']);
    expect(seen.steps.final).toMatchObject({ status: 'new', paid_amount: '0.00100000' });
    const confirmed = payment({ ...seen.steps.final, created_at: CREATED }, 'transaction_confirmed');
    expect(confirmed.steps.steps.map((s) => s.event)).toEqual(['transaction_confirmed', 'status_changed']);
    expect(confirmed.steps.final.status_context).toBe('underpaid');
    expect(planSimulation(fresh, 'transaction_created', env(NOW, '1.123456789'))).toEqual({
      kind: 'refused',
      message: 'amount must have at most 8 decimal places',
    });
    expect(planSimulation(fresh, 'transaction_confirmed', env())).toEqual({
      kind: 'refused',
      message: 'the invoice has no unconfirmed transaction',
    });
  });

  it('on unresolved invoices: completed tops up an underpaid one, resolves the others', () => {
    const topped = payment(at('unresolved', 'underpaid'), 'completed');
    expect(topped.steps.steps.map((s) => s.event)).toEqual([
      'transaction_created',
      'transaction_confirmed',
      'status_changed',
    ]);
    expect(topped.steps.final).toMatchObject({ status: 'completed', paid_amount: '0.00167505' });
    for (const ctx of ['overpaid', 'paid_late', 'illicit_resource'] as const)
      expect(payment(at('unresolved', ctx), 'completed').steps.steps.map((s) => s.event)).toEqual([
        'status_changed',
      ]);
    expect(payment(at('unresolved', 'illicit_resource'), 'refunded').steps.final.status).toBe('refunded');
  });

  it('refunded and recalculated hand over to the refund and recalculation for merchant cases', () => {
    for (const ctx of ['underpaid', 'overpaid', 'paid_late'] as const) {
      expect(planSimulation(at('unresolved', ctx), 'refunded', env())).toEqual({ kind: 'refund' });
      expect(planSimulation(at('unresolved', ctx), 'recalculated', env())).toEqual({ kind: 'recalculate' });
    }
  });

  it('cancelled only from new', () => {
    expect(payment(fresh, 'cancelled').steps.final.status).toBe('cancelled');
    expect(planSimulation(at('unresolved', 'underpaid'), 'cancelled', env()).kind).toBe('refused');
  });

  it.each([
    ['paid', at('completed')],
    ['underpaid', at('unresolved', 'underpaid')],
    ['overpaid', at('cancelled')],
    ['illicit_resource', at('refunded')],
    ['paid_late', at('completed')],
    ['completed', at('completed')],
    ['completed', at('cancelled')],
    ['refunded', fresh],
    ['refunded', at('completed')],
    ['recalculated', fresh],
    ['recalculated', at('unresolved', 'illicit_resource')],
    ['transaction_created', at('completed')],
    ['cancelled', at('cancelled')],
  ] as const)('refuses %s on a %s invoice', (sim, input) => {
    const plan = planSimulation(input, sim, env());
    expect(plan.kind).toBe('refused');
  });

  it('names why a payment is refused', () => {
    expect(planSimulation(at('completed'), 'paid', env())).toEqual({
      kind: 'refused',
      message: 'a completed invoice takes no payment; only a new one does',
    });
    const full = { ...fresh, paid_amount: fresh.pay_amount };
    expect(planSimulation(full, 'illicit_resource', env())).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('already paid in full'),
    });
  });
});

describe('the older {status, status_context} body', () => {
  it('reads as the state it names', () => {
    expect(stateOfStatus('completed', undefined)).toEqual({ ok: true, state: 'completed' });
    expect(stateOfStatus('unresolved', null)).toEqual({ ok: true, state: 'underpaid' });
    expect(stateOfStatus('unresolved', 'illicit_resource')).toEqual({ ok: true, state: 'illicit_resource' });
    expect(stateOfStatus('cancelled', undefined)).toEqual({ ok: true, state: 'cancelled' });
    expect(stateOfStatus('refunded', undefined)).toEqual({ ok: true, state: 'refunded' });
  });

  it('refuses what names no state', () => {
    expect(stateOfStatus('unresolved', 'illegal_transaction')).toMatchObject({
      ok: false,
      field: 'status_context',
    });
    expect(stateOfStatus('completed', 'overpaid')).toMatchObject({ ok: false, field: 'status_context' });
    expect(stateOfStatus('new', undefined)).toMatchObject({ ok: false, field: 'status' });
  });
});
