import { describe, expect, it } from 'vitest';
import {
  isOverdue,
  planSubscription,
  type SubscriptionState,
} from '../../../../src/features/merchant/subscriptions/subscription-states.js';

const ACTIVE: SubscriptionState = {
  status: 'active',
  periods_paid: 0,
  cancelled_at: null,
  created_at: '2024-01-01T00:00:00.000Z',
  starts_at: '2024-01-05T00:00:00.000Z',
  period: 'month',
  period_quantity: 1,
};
const BEFORE = new Date('2024-01-04T23:59:59.999Z');
const AT_DEADLINE = new Date('2024-01-05T00:00:00.000Z');
const LATER = new Date('2024-03-01T00:00:00.000Z');

describe('subscription lifecycle', () => {
  it('pay: active → active with one more period paid, event paid', () => {
    expect(planSubscription(ACTIVE, 'pay', BEFORE)).toEqual({
      ok: true,
      next: { ...ACTIVE, periods_paid: 1 },
      event: 'paid',
    });
    // Later periods may be paid at any time once the first one is.
    const paid = { ...ACTIVE, periods_paid: 1 };
    expect(planSubscription(paid, 'pay', LATER)).toEqual({
      ok: true,
      next: { ...ACTIVE, periods_paid: 2 },
      event: 'paid',
    });
  });

  it('pay: the first payment at or after starts_at is too late (expired)', () => {
    expect(planSubscription(ACTIVE, 'pay', AT_DEADLINE)).toMatchObject({ ok: false, code: 'expired' });
  });

  it('pay: refuses a period that would end after the year 9999', () => {
    const far: SubscriptionState = { ...ACTIVE, starts_at: '9999-06-01T00:00:00.000Z', period: 'year' };
    expect(planSubscription(far, 'pay', BEFORE)).toMatchObject({ ok: false, code: 'invalid_state' });
    expect(planSubscription({ ...far, period: 'month' }, 'pay', BEFORE)).toMatchObject({ ok: true });
  });

  it('cancel: active (paid or not) → cancelled now, event cancelled', () => {
    expect(planSubscription(ACTIVE, 'cancel', BEFORE)).toEqual({
      ok: true,
      next: { ...ACTIVE, status: 'cancelled', cancelled_at: BEFORE.toISOString() },
      event: 'cancelled',
    });
    const paid = { ...ACTIVE, periods_paid: 3 };
    expect(planSubscription(paid, 'cancel', LATER)).toEqual({
      ok: true,
      next: { ...paid, status: 'cancelled', cancelled_at: LATER.toISOString() },
      event: 'cancelled',
    });
  });

  it('expire: a never-paid subscription lapses at starts_at, dated starts_at', () => {
    expect(isOverdue(ACTIVE, BEFORE)).toBe(false);
    expect(isOverdue(ACTIVE, AT_DEADLINE)).toBe(true);
    expect(planSubscription(ACTIVE, 'expire', LATER)).toEqual({
      ok: true,
      next: { ...ACTIVE, status: 'cancelled', cancelled_at: ACTIVE.starts_at },
      event: 'cancelled',
    });
    expect(planSubscription(ACTIVE, 'expire', BEFORE)).toEqual({
      ok: false,
      code: 'invalid_state',
      message: 'the first payment is not due before starts_at',
    });
  });

  it('expire: a paid subscription never lapses', () => {
    const paid = { ...ACTIVE, periods_paid: 1 };
    expect(isOverdue(paid, LATER)).toBe(false);
    expect(planSubscription(paid, 'expire', LATER)).toEqual({
      ok: false,
      code: 'invalid_state',
      message: 'a paid subscription does not lapse',
    });
  });

  it('cancelled is final: every move from it is invalid_state', () => {
    const cancelled: SubscriptionState = {
      ...ACTIVE,
      status: 'cancelled',
      cancelled_at: BEFORE.toISOString(),
    };
    expect(isOverdue(cancelled, LATER)).toBe(false);
    expect(planSubscription(cancelled, 'cancel', LATER)).toEqual({
      ok: false,
      code: 'invalid_state',
      message: 'a cancelled subscription cannot be cancelled',
    });
    expect(planSubscription(cancelled, 'pay', BEFORE)).toEqual({
      ok: false,
      code: 'invalid_state',
      message: 'a cancelled subscription cannot be paid',
    });
    expect(planSubscription(cancelled, 'expire', LATER)).toMatchObject({ ok: false, code: 'invalid_state' });
  });
});
