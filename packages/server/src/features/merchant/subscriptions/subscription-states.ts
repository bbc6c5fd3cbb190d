import { LAST_REPRESENTABLE, paidPeriod, type PeriodTerms } from './subscription-periods.js';

/**
 * The subscription lifecycle (CRYPTOPAY-API.md §3.4), as plain data in and out: which moves are
 * allowed and what each leaves behind. No I/O; the clock is an argument.
 *
 *   active (unpaid) ──pay──▶ active, current_period_paid, next period      event `paid`
 *   active ──cancel──▶ cancelled, cancelled_at = now                         event `cancelled`
 *   active, never paid, now ≥ starts_at ──expire──▶ cancelled, cancelled_at = starts_at
 *                                                                            event `cancelled`
 * `cancelled` is final. There is no `created` event (Cryptopay has none).
 */

export const SUBSCRIPTION_STATUSES = ['active', 'cancelled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export type SubscriptionEventName = 'paid' | 'cancelled';

/** The part of a subscription its lifecycle changes, plus the terms it is judged by. */
export interface SubscriptionState extends PeriodTerms {
  status: SubscriptionStatus;
  periods_paid: number;
  /** ISO time, or null while active. */
  cancelled_at: string | null;
}

export type SubscriptionAction = 'pay' | 'cancel' | 'expire';

/** Why a move is refused: `invalid_state` (not from this status) or `expired` (first payment too late). */
export type RefusalCode = 'invalid_state' | 'expired';

export type SubscriptionPlan =
  | { ok: true; next: SubscriptionState; event: SubscriptionEventName }
  | { ok: false; code: RefusalCode; message: string };

/** A never-paid subscription whose deadline for the first payment has come. */
export function isOverdue(state: SubscriptionState, now: Date): boolean {
  return (
    state.status === 'active' &&
    state.periods_paid === 0 &&
    now.getTime() >= new Date(state.starts_at).getTime()
  );
}

const refuse = (code: RefusalCode, message: string): SubscriptionPlan => ({ ok: false, code, message });

export function planSubscription(
  state: SubscriptionState,
  action: SubscriptionAction,
  now: Date,
): SubscriptionPlan {
  if (state.status !== 'active')
    return refuse('invalid_state', `a ${state.status} subscription cannot be ${PAST[action]}`);
  switch (action) {
    case 'pay': {
      if (isOverdue(state, now))
        return refuse('expired', 'the first payment was due before starts_at; the subscription has lapsed');
      const paying = paidPeriod(state, state.periods_paid + 1);
      if (paying.ends_at.getTime() > LAST_REPRESENTABLE.getTime())
        return refuse('invalid_state', 'the next period would end after the year 9999');
      return { ok: true, next: { ...state, periods_paid: state.periods_paid + 1 }, event: 'paid' };
    }
    case 'cancel':
      return {
        ok: true,
        next: { ...state, status: 'cancelled', cancelled_at: now.toISOString() },
        event: 'cancelled',
      };
    case 'expire':
      if (!isOverdue(state, now))
        return refuse(
          'invalid_state',
          state.periods_paid > 0
            ? 'a paid subscription does not lapse'
            : 'the first payment is not due before starts_at',
        );
      // It lapsed at the deadline, whenever the sandbox notices.
      return {
        ok: true,
        next: { ...state, status: 'cancelled', cancelled_at: new Date(state.starts_at).toISOString() },
        event: 'cancelled',
      };
  }
}

const PAST: Record<SubscriptionAction, string> = { pay: 'paid', cancel: 'cancelled', expire: 'expired' };
