import { z } from 'zod';
import { lookupText } from '../../../platform/http/zod-app.js';
import { INVOICE_SIMULATION_STATES } from '../invoices/invoice-simulation.js';
import { INVOICE_STATUSES } from '../invoices/invoice-state.js';

/**
 * The dashboard's "simulate" request: `state` is one of the invoice simulator's states (the same
 * as `signet sandbox simulate invoice`); `amount` goes with `transaction_created`. The older form
 * `{status, status_context?}` is still accepted and read as the state it names (`unresolved` +
 * a context is that context's state); give one form, not both.
 */
export const simulateInvoiceBody = z
  .object({
    state: z
      .enum(INVOICE_SIMULATION_STATES, { error: `must be one of ${INVOICE_SIMULATION_STATES.join(', ')}` })
      .optional(),
    status: z.enum(INVOICE_STATUSES, { error: `must be one of ${INVOICE_STATUSES.join(', ')}` }).optional(),
    status_context: z.string().max(40, 'must be at most 40 characters').nullish(),
    amount: z.string().max(40, 'must be at most 40 characters').optional(),
  })
  .refine((b) => (b.state === undefined) !== (b.status === undefined), {
    message: 'give either state, or status (with status_context)',
    path: ['state'],
  });

export const sandboxRefundParams = z.object({ id: lookupText(100), refund_id: lookupText(100) });

export type SimulateInvoiceBody = z.input<typeof simulateInvoiceBody>;
