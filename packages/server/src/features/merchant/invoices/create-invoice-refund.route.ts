import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { createInvoiceRefundBody, invoiceIdParams, invoiceRefundResponse } from './invoice.schemas.js';
import { createRefund } from './refund-service.js';

export function createInvoiceRefundRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/invoices/:invoice_id/refunds',
    {
      schema: {
        params: invoiceIdParams,
        // No body at all (Fastify hands the schema null) refunds to the own account, as `{}` does.
        body: createInvoiceRefundBody.nullish(),
        tags: ['merchant: invoices'],
        summary: 'Refund an unresolved invoice (underpaid, overpaid, paid late)',
        response: { 201: invoiceRefundResponse },
      },
      config: { permission: 'invoices:write' },
    },
    async (request, reply) => {
      const refund = await createRefund(ctx, merchantAccountId(request), request.params.invoice_id, {
        address: request.body?.address,
      });
      return reply.code(201).send({ data: refund });
    },
  );
}
