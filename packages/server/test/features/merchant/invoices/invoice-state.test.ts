import { describe, expect, it } from 'vitest';
import {
  canTransition,
  changeStatus,
  confirm,
  INVOICE_STATUSES,
  merchantResolvable,
  outcomeOf,
  receive,
  andThen,
  type PaymentState,
} from '../../../../src/features/merchant/invoices/invoice-state.js';
import { HIGH_RISK, LOW_RISK } from '../../../../src/features/merchant/wire/common-models.js';

const EXPIRES = '2026-01-01T00:10:00.000Z';
const IN_TIME = '2026-01-01T00:05:00.000Z';
const LATE = '2026-01-01T00:10:00.001Z';

const fresh: PaymentState = {
  status: 'new',
  status_context: null,
  pay_amount: '0.00167505',
  paid_amount: '0.00000000',
  expires_at: EXPIRES,
  transactions: [],
};

const pay = (units: bigint, at = IN_TIME, risk = LOW_RISK, txid = `tx${units}`) => ({
  txid,
  units,
  risk,
  source_addresses: ['tb1qsource'],
  at,
});

function ok<T extends { ok: boolean }>(p: T): Extract<T, { ok: true }> {
  if (!p.ok) throw new Error(JSON.stringify(p));
  return p as Extract<T, { ok: true }>;
}

const paidWith = (...payments: ReturnType<typeof pay>[]) =>
  ok(
    payments.reduce((plan, p) => andThen(plan, (s) => receive(s, p, 8)), {
      ok: true as const,
      steps: [],
      final: fresh,
    } as ReturnType<typeof receive>),
  );

describe('invoice status transitions', () => {
  it('allows exactly the documented moves; completed, refunded and cancelled are final', () => {
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
      ].sort(),
    );
  });

  it('changeStatus refuses every other move, naming what is allowed', () => {
    for (const from of INVOICE_STATUSES)
      for (const to of INVOICE_STATUSES) {
        const plan = changeStatus({ ...fresh, status: from }, to);
        expect(plan.ok, `${from}→${to}`).toBe(canTransition(from, to));
      }
    expect(changeStatus(fresh, 'refunded')).toEqual({
      ok: false,
      message: 'a new invoice can only become completed or unresolved or cancelled, not refunded',
    });
    expect(changeStatus({ ...fresh, status: 'completed' }, 'refunded')).toEqual({
      ok: false,
      message: 'a completed invoice cannot change status',
    });
  });

  it('a cause event comes first, then status_changed, both with the new state; context only for unresolved', () => {
    const under = { ...fresh, status: 'unresolved' as const, status_context: 'underpaid' as const };
    const plan = ok(changeStatus(under, 'refunded', 'refunded'));
    expect(plan.steps.map((s) => s.event)).toEqual(['refunded', 'status_changed']);
    expect(plan.steps.every((s) => s.state === plan.final)).toBe(true);
    expect(plan.final).toMatchObject({ status: 'refunded', status_context: null });
    expect(ok(changeStatus(under, 'completed', 'recalculated')).steps.map((s) => s.event)).toEqual([
      'recalculated',
      'status_changed',
    ]);
    expect(ok(changeStatus(fresh, 'cancelled')).steps.map((s) => s.event)).toEqual(['status_changed']);
  });

  it('only underpaid, overpaid and paid_late invoices are the merchant’s to resolve', () => {
    for (const ctx of ['underpaid', 'overpaid', 'paid_late'] as const)
      expect(merchantResolvable({ status: 'unresolved', status_context: ctx })).toBe(true);
    expect(merchantResolvable({ status: 'unresolved', status_context: 'illicit_resource' })).toBe(false);
    for (const status of ['new', 'completed', 'refunded', 'cancelled'] as const)
      expect(merchantResolvable({ status, status_context: null })).toBe(false);
  });
});

describe('payments', () => {
  it('a seen transaction counts in paid_amount at once, unconfirmed; the input is not mutated', () => {
    const plan = ok(receive(fresh, pay(167505n), 8));
    expect(plan.steps.map((s) => s.event)).toEqual(['transaction_created']);
    expect(plan.final).toMatchObject({ status: 'new', paid_amount: '0.00167505' });
    expect(plan.final.transactions).toEqual([
      {
        txid: 'tx167505',
        amount: '0.00167505',
        confirmed: false,
        risk: LOW_RISK,
        source_addresses: ['tb1qsource'],
        seen_at: IN_TIME,
      },
    ]);
    expect(fresh.transactions).toEqual([]);
  });

  it('confirmation: transaction_confirmed per transaction, then status_changed to the outcome', () => {
    const seen = paidWith(pay(100000n, IN_TIME, LOW_RISK, 'a'), pay(67505n, IN_TIME, LOW_RISK, 'b')).final;
    const plan = ok(confirm(seen, 8));
    expect(plan.steps.map((s) => s.event)).toEqual([
      'transaction_confirmed',
      'transaction_confirmed',
      'status_changed',
    ]);
    expect(plan.steps[0]!.state.transactions.map((t) => t.confirmed)).toEqual([true, false]);
    expect(plan.steps[0]!.state.status).toBe('new');
    expect(plan.final).toMatchObject({ status: 'completed', status_context: null });
    expect(confirm(plan.final, 8)).toEqual({
      ok: false,
      message: 'the invoice has no unconfirmed transaction',
    });
  });

  it.each([
    ['exact, in time', [pay(167505n)], 'completed', null],
    ['less', [pay(100000n)], 'unresolved', 'underpaid'],
    ['more', [pay(200000n)], 'unresolved', 'overpaid'],
    ['after expires_at', [pay(167505n, LATE)], 'unresolved', 'paid_late'],
    ['late beats the amount', [pay(1n, LATE)], 'unresolved', 'paid_late'],
    ['high risk beats lateness', [pay(167505n, LATE, HIGH_RISK)], 'unresolved', 'illicit_resource'],
    [
      'one high-risk source among two',
      [pay(1n), pay(167504n, IN_TIME, HIGH_RISK, 'x')],
      'unresolved',
      'illicit_resource',
    ],
    ['exactly at expires_at is in time', [pay(167505n, EXPIRES)], 'completed', null],
  ])('outcome: %s', (_name, payments, status, context) => {
    expect(outcomeOf(paidWith(...payments).final, 8)).toEqual({ status, status_context: context });
  });

  it('an underpaid invoice takes the rest; a confirmed top-up does not change its status by itself', () => {
    const under = {
      ...fresh,
      status: 'unresolved' as const,
      status_context: 'underpaid' as const,
      paid_amount: '0.00100000',
    };
    const topped = ok(andThen(receive(under, pay(67505n), 8), (s) => confirm(s, 8)));
    expect(topped.steps.map((s) => s.event)).toEqual(['transaction_created', 'transaction_confirmed']);
    expect(topped.final).toMatchObject({ status: 'unresolved', paid_amount: '0.00167505' });
  });

  it('refuses payments to invoices that take none, and empty payments', () => {
    for (const [status, context] of [
      ['completed', null],
      ['refunded', null],
      ['cancelled', null],
      ['unresolved', 'overpaid'],
      ['unresolved', 'paid_late'],
      ['unresolved', 'illicit_resource'],
    ] as const)
      expect(
        receive({ ...fresh, status, status_context: context }, pay(1n), 8).ok,
        `${status} ${context}`,
      ).toBe(false);
    expect(receive(fresh, pay(0n), 8)).toEqual({ ok: false, message: 'a payment must be greater than 0' });
  });

  it('an outcome can be imposed (a payment taken as complete)', () => {
    const late = paidWith(pay(167505n, LATE)).final;
    expect(ok(confirm(late, 8, { status: 'completed', status_context: null })).final.status).toBe(
      'completed',
    );
  });
});
