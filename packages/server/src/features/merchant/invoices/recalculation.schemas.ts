import { z } from 'zod';
import { decimal, exchange } from '../wire/common-models.js';
import { uuid } from '../wire/ids.js';
import { single } from '../wire/list.js';
import { WIRE_TIME_PATTERN } from '../wire/timestamp.js';

/**
 * `POST /api/invoices/{invoice_id}/recalculations` [M]: `force_commit: true` settles at once;
 * otherwise the quote is committed within 30 s. SDKs send no body at all when there is no param.
 */
export const createInvoiceRecalculationBody = z.object({
  force_commit: z.boolean({ error: 'must be true or false' }).nullish(),
});

export const invoiceRecalculationParams = z.object({ invoice_id: uuid(), recalculation_id: uuid() });

/** A recalculation exactly as the merchant API shows it (CRYPTOPAY-API.md §2.3): every field. */
export const invoiceRecalculation = z.object({
  id: z.guid(),
  invoice_id: z.guid(),
  /** The crypto actually received. */
  pay_amount: decimal,
  pay_currency: z.string(),
  /** The invoice's new amount at the current rate. */
  price_amount: decimal,
  price_currency: z.string(),
  /** Typed string (not decimal) in the SDK models (§7 row 13); the value is a decimal string. */
  fee: z.string(),
  fee_currency: z.string(),
  previous_pay_amount: decimal,
  previous_price_amount: decimal,
  /** Null when nothing was exchanged (priced in the pay currency). */
  previous_exchange_rate: decimal.nullable(),
  exchange: exchange.nullable(),
  created_at: z.string().regex(WIRE_TIME_PATTERN),
});

export const invoiceRecalculationResponse = single(invoiceRecalculation);

export type InvoiceRecalculation = z.infer<typeof invoiceRecalculation>;
export type CreateInvoiceRecalculationBody = z.input<typeof createInvoiceRecalculationBody>;
