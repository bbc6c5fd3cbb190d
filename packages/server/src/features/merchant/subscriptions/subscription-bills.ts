import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/tx.js';
import type { InvoiceStatus } from '../invoices/invoice-state.js';
import { insertInvoice } from '../invoices/invoice-service.js';
import { createInvoiceBody } from '../invoices/invoice.schemas.js';
import { wireTime } from '../wire/timestamp.js';
import type { SubscriptionRow } from './subscription-object.js';
import { paidPeriod } from './subscription-periods.js';
import { billPayCurrency } from './subscription-terms.js';

export interface Bill {
  id: string;
  status: InvoiceStatus;
}

/**
 * Issues, inside `t`, the invoice that bills period `k` of a subscription [I]: priced at the
 * subscription's amount and currency, paid in that coin or (for a fiat price) in BTC, named after
 * the product, with the subscription's redirect URLs, linked by `subscription_id` and carrying the
 * period in `metadata`. It is an ordinary invoice: `Invoice.created` fires with it, the invoice
 * tools move it, `GET /api/invoices?subscription_id=` lists it.
 */
export async function issueBill(ctx: AppContext, t: Tx, row: SubscriptionRow, k: number): Promise<Bill> {
  const period = paidPeriod(row, k);
  const input = createInvoiceBody.parse({
    price_amount: row.amount,
    price_currency: row.currency,
    pay_currency: billPayCurrency(row.currency),
    name: row.product_name ?? row.name,
    description: row.product_description,
    payer_email: row.payer_email,
    metadata: {
      subscription_period_starts_at: wireTime(period.starts_at),
      subscription_period_ends_at: wireTime(period.ends_at),
    },
    success_redirect_url: row.success_redirect_url,
    unsuccess_redirect_url: row.unsuccess_redirect_url,
  });
  const invoice = await insertInvoice(ctx, t, row.account_id, input, { subscriptionId: row.id });
  return { id: invoice.id, status: invoice.status };
}
