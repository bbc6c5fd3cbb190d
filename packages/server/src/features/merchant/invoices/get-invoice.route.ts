import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { getInvoice } from './invoice-service.js';
import { invoiceIdParams, invoiceResponse } from './invoice.schemas.js';

export function getInvoiceRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/invoices/:invoice_id',
    {
      schema: {
        params: invoiceIdParams,
        tags: ['merchant: invoices'],
        summary: 'One invoice',
        response: { 200: invoiceResponse },
      },
      config: { permission: 'invoices:read' },
    },
    async (request) => ({
      data: await getInvoice(ctx, merchantAccountId(request), request.params.invoice_id),
    }),
  );
}
