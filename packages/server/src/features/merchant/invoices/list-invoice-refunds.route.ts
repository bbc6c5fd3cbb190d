import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { invoiceIdParams, invoiceRefundListResponse } from './invoice.schemas.js';
import { listRefunds } from './refund-service.js';

export function listInvoiceRefundsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/invoices/:invoice_id/refunds',
    {
      schema: {
        params: invoiceIdParams,
        tags: ['merchant: invoices'],
        summary: "An invoice's refunds, oldest first (not paginated)",
        response: { 200: invoiceRefundListResponse },
      },
      config: { permission: 'invoices:read' },
    },
    async (request) => ({
      data: await listRefunds(ctx, merchantAccountId(request), request.params.invoice_id),
    }),
  );
}
