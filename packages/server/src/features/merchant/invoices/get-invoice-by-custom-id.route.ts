import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { getInvoiceByCustomId } from './invoice-service.js';
import { invoiceCustomIdParams, invoiceResponse } from './invoice.schemas.js';

export function getInvoiceByCustomIdRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/invoices/custom_id/:custom_id',
    {
      schema: {
        params: invoiceCustomIdParams,
        tags: ['merchant: invoices'],
        summary: 'One invoice, by the merchant’s custom_id',
        response: { 200: invoiceResponse },
      },
      config: { permission: 'invoices:read' },
    },
    async (request) => ({
      data: await getInvoiceByCustomId(ctx, merchantAccountId(request), request.params.custom_id),
    }),
  );
}
