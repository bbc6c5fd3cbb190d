import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { invoiceRecalculationParams, invoiceRecalculationResponse } from './invoice.schemas.js';
import { commitRecalculation } from './recalculation-service.js';

export function commitInvoiceRecalculationRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/invoices/:invoice_id/recalculations/:recalculation_id/commit',
    {
      schema: {
        params: invoiceRecalculationParams,
        tags: ['merchant: invoices'],
        summary: 'Commit a recalculation: the invoice is settled at its price and completed',
        response: { 200: invoiceRecalculationResponse },
      },
      config: { permission: 'invoices:write' },
    },
    async (request) => ({
      data: await commitRecalculation(
        ctx,
        merchantAccountId(request),
        request.params.invoice_id,
        request.params.recalculation_id,
      ),
    }),
  );
}
