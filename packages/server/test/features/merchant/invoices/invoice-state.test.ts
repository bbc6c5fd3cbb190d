import { describe, expect, it } from 'vitest';
import {
  canTransition,
  INVOICE_STATUSES,
  planTransition,
  REQUIRED_CONFIRMATIONS,
  type PaymentState,
} from '../../../../src/features/merchant/invoices/invoice-state.js';

const fresh: PaymentState = {
  status: 'new',
  status_context: null,
  pay_amount: '0.00167505',
  paid_amount: '0.00000000',
  transactions: [],
};

function env() {
  let n = 0;
  return {
    currency: 'BTC',
    network: 'bitcoin',
    precision: 8,
    now: '2026-01-01T00:00:00.000Z',
    newTxid: () => `tx${++n}`,
  };
}

function plan(from: PaymentState, status: PaymentState['status'], status_context?: string) {
  const p = planTransition(from, { status, status_context }, env());
  if (!p.ok) throw new Error(p.message);
  return p;
}

describe('invoice status transitions', () => {
  it('allows exactly the documented moves', () => {
    const allowed = INVOICE_STATUSES.flatMap((from) =>
      INVOICE_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'new→completed',
        'new→unresolved',
        'new→cancelled',
        'unresolved→completed',
        'unresolved→refunded',
        'unresolved→cancelled',
        'completed→refunded',
      ].sort(),
    );
  });

  it('refuses impossible moves with a message naming the allowed ones', () => {
    const p = planTransition(fresh, { status: 'refunded' }, env());
    expect(p).toEqual({
      ok: false,
      field: 'status',
      message: 'a new invoice can only become completed or unresolved or cancelled, not refunded',
    });
    const done = planTransition({ ...fresh, status: 'cancelled' }, { status: 'completed' }, env());
    expect(done).toMatchObject({ ok: false, message: 'a cancelled invoice cannot change status' });
    expect(planTransition(fresh, { status: 'new' }, env()).ok).toBe(false);
  });

  it('checks the status_context against the target status', () => {
    expect(planTransition(fresh, { status: 'cancelled', status_context: 'underpaid' }, env())).toMatchObject({
      ok: false,
      field: 'status_context',
      message: 'a cancelled invoice has no status_context',
    });
    expect(planTransition(fresh, { status: 'unresolved', status_context: 'nonsense' }, env())).toMatchObject({
      ok: false,
      field: 'status_context',
    });
  });
});

describe('simulated payments', () => {
  it('new → completed: transaction_created, transaction_confirmed, status_changed', () => {
    const p = plan(fresh, 'completed');
    expect(p.steps.map((s) => s.event)).toEqual([
      'transaction_created',
      'transaction_confirmed',
      'status_changed',
    ]);
    const [created, confirmed, changed] = p.steps;
    // Each event carries the invoice as it stood at that moment.
    expect(created?.state).toMatchObject({ status: 'new', paid_amount: '0.00000000' });
    expect(created?.state.transactions).toEqual([
      {
        txid: 'tx1',
        amount: '0.00167505',
        currency: 'BTC',
        network: 'bitcoin',
        confirmations: 0,
        created_at: '2026-01-01T00:00:00.000Z',
      },
    ]);
    expect(confirmed?.state).toMatchObject({ status: 'new', paid_amount: '0.00167505' });
    expect(confirmed?.state.transactions[0]?.confirmations).toBe(REQUIRED_CONFIRMATIONS);
    expect(changed?.state).toMatchObject({ status: 'completed', status_context: null });
    expect(p.final).toBe(changed?.state);
    expect(fresh.transactions).toEqual([]); // the input is not mutated
  });

  it('new → unresolved defaults to underpaid: half paid', () => {
    const p = plan(fresh, 'unresolved');
    expect(p.final).toMatchObject({
      status: 'unresolved',
      status_context: 'underpaid',
      paid_amount: '0.00083752',
    });
  });

  it('overpaid pays 10 % more; multiple_transactions splits the payment in two', () => {
    expect(plan(fresh, 'unresolved', 'overpaid').final.paid_amount).toBe('0.00184255');
    const multi = plan(fresh, 'unresolved', 'multiple_transactions');
    expect(multi.steps.map((s) => s.event)).toEqual([
      'transaction_created',
      'transaction_confirmed',
      'transaction_created',
      'transaction_confirmed',
      'status_changed',
    ]);
    expect(multi.final.transactions.map((t) => t.amount)).toEqual(['0.00083752', '0.00083753']);
    expect(multi.final.paid_amount).toBe('0.00167505');
  });

  it('unresolved (underpaid) → completed pays the rest', () => {
    const under = plan(fresh, 'unresolved').final;
    const p = plan(under, 'completed');
    expect(p.steps.map((s) => s.event)).toEqual([
      'transaction_created',
      'transaction_confirmed',
      'status_changed',
    ]);
    expect(p.final).toMatchObject({ status: 'completed', status_context: null, paid_amount: '0.00167505' });
    expect(p.final.transactions.map((t) => t.amount)).toEqual(['0.00083752', '0.00083753']);
  });

  it('unresolved (paid in full, late) → completed emits only status_changed', () => {
    const late = plan(fresh, 'unresolved', 'paid_late').final;
    expect(plan(late, 'completed', 'paid_late').steps.map((s) => s.event)).toEqual(['status_changed']);
  });

  it('refunds emit status_changed then refunded; cancelling emits status_changed', () => {
    const done = plan(fresh, 'completed').final;
    const refund = plan(done, 'refunded');
    expect(refund.steps.map((s) => s.event)).toEqual(['status_changed', 'refunded']);
    expect(refund.final).toMatchObject({ status: 'refunded', paid_amount: '0.00167505' });
    expect(plan(fresh, 'cancelled').steps.map((s) => s.event)).toEqual(['status_changed']);
  });
});
