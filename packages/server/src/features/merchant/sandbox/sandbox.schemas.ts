import { z } from 'zod';
import { INVOICE_STATUSES } from '../invoices/invoice-state.js';

/**
 * The dashboard's "simulate a payment" request. `status_context` is checked against the target
 * status by the invoice lifecycle, so its message can name the contexts that status accepts.
 */
export const simulateInvoiceBody = z.object({
  status: z.enum(INVOICE_STATUSES, { error: `must be one of ${INVOICE_STATUSES.join(', ')}` }),
  status_context: z.string().max(40, 'must be at most 40 characters').nullish(),
});

export type SimulateInvoiceBody = z.input<typeof simulateInvoiceBody>;
