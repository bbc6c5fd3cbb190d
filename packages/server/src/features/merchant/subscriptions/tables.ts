import type { Generated } from 'kysely';
import type { SubscriptionPeriod } from './subscription-periods.js';
import type { SubscriptionStatus } from './subscription-states.js';

/**
 * The table of migration 022_subscriptions. Decimals and times are text (ISO strings from
 * `toISOString`, so they also compare in time order as text). The current period is not stored:
 * it follows from `created_at`, `starts_at`, the period terms and `periods_paid`
 * (subscription-periods.ts), so it can never disagree with them.
 */
export interface MerchantSubscriptionsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  status: SubscriptionStatus;
  custom_id: string | null;
  name: string;
  amount: string;
  currency: string;
  period: SubscriptionPeriod;
  period_quantity: number;
  /** Deadline of the first payment and anchor of every period. */
  starts_at: string;
  /** How many periods have been paid (0: none yet). */
  periods_paid: number;
  /** The invoice the last counted payment settled, so it is never counted twice. */
  last_paid_invoice_id: string | null;
  payer_email: string;
  payer_name: string | null;
  product_name: string | null;
  product_description: string | null;
  success_redirect_url: string | null;
  unsuccess_redirect_url: string | null;
  created_at: string;
  cancelled_at: string | null;
  updated_at: string;
}

declare module '../../../platform/db/database.js' {
  interface Database {
    merchant_subscriptions: MerchantSubscriptionsTable;
  }
}
