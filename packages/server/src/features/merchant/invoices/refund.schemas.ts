import { z } from 'zod';
import { noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';
import { decimal, risk } from '../wire/common-models.js';
import { plainList, single } from '../wire/list.js';
import { WIRE_TIME_PATTERN } from '../wire/timestamp.js';

/**
 * `POST /api/invoices/{invoice_id}/refunds` [M]: `address` is the payer's wallet; without it the
 * refund goes to the merchant's own crypto account. Other fields (travel-rule data) are ignored.
 */
export const createInvoiceRefundBody = z.object({
  address: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .refine(noNul, NUL_MESSAGE)
    .nullish()
    .transform((v) => v ?? undefined),
});

/** A refund exactly as the merchant API shows it (CRYPTOPAY-API.md §2.2): every field, always. */
export const invoiceRefund = z.object({
  id: z.guid(),
  invoice_id: z.guid(),
  /** Inherited from the invoice. */
  custom_id: z.string().nullable(),
  amount: decimal,
  amount_currency: z.string(),
  fee: decimal,
  fee_currency: z.string(),
  /** Null when the refund went to the merchant's own account. */
  address: z.string().nullable(),
  network: z.string(),
  /** Null until the refund's transaction is on chain (never, for a refund to the own account). */
  txid: z.string().nullable(),
  /** The destination's score; null for the merchant's own account (nothing to screen). */
  risk: risk.nullable(),
  created_at: z.string().regex(WIRE_TIME_PATTERN),
});

export const invoiceRefundResponse = single(invoiceRefund);
/** The refunds of one invoice: `{data}` without `meta`, no pagination [M]. */
export const invoiceRefundListResponse = plainList(invoiceRefund);

export type InvoiceRefund = z.infer<typeof invoiceRefund>;
export type CreateInvoiceRefundBody = z.input<typeof createInvoiceRefundBody>;
export type CreateInvoiceRefundInput = z.output<typeof createInvoiceRefundBody>;
