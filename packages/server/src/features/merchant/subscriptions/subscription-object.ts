import type { Selectable } from 'kysely';
import { wireTime, wireTimeOrNull } from '../wire/timestamp.js';
import { currentPeriod } from './subscription-periods.js';
import type { SubscriptionState } from './subscription-states.js';
import type { Subscription } from './subscriptions.schemas.js';
import type { MerchantSubscriptionsTable } from './tables.js';

export type SubscriptionRow = Omit<Selectable<MerchantSubscriptionsTable>, 'seq'>;

export function stateOf(row: SubscriptionRow): SubscriptionState {
  return {
    status: row.status,
    periods_paid: row.periods_paid,
    cancelled_at: row.cancelled_at,
    created_at: row.created_at,
    starts_at: row.starts_at,
    period: row.period,
    period_quantity: row.period_quantity,
  };
}

export function withState(row: SubscriptionRow, state: SubscriptionState, now: string): SubscriptionRow {
  return {
    ...row,
    status: state.status,
    periods_paid: state.periods_paid,
    cancelled_at: state.cancelled_at,
    updated_at: now,
  };
}

/** The subscription exactly as GET shows it and callbacks carry it. */
export function subscriptionObject(row: SubscriptionRow): Subscription {
  const period = currentPeriod(row, row.periods_paid);
  return {
    id: row.id,
    status: row.status,
    custom_id: row.custom_id,
    name: row.name,
    amount: row.amount,
    currency: row.currency,
    period: row.period,
    period_quantity: row.period_quantity,
    current_period_starts_at: wireTime(period.starts_at),
    current_period_ends_at: wireTime(period.ends_at),
    current_period_paid: row.periods_paid > 0,
    payer_email: row.payer_email,
    payer_name: row.payer_name,
    product_name: row.product_name,
    product_description: row.product_description,
    success_redirect_url: row.success_redirect_url,
    unsuccess_redirect_url: row.unsuccess_redirect_url,
    created_at: wireTime(row.created_at),
    cancelled_at: wireTimeOrNull(row.cancelled_at),
  };
}
