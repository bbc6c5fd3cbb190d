import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { pageQuery } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { listInvoices } from './invoice-service.js';
import { invoiceListResponse } from './invoice.schemas.js';

export function listInvoicesRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/invoices',
    {
      schema: {
        querystring: pageQuery,
        tags: ['merchant: invoices'],
        summary: 'Invoices, newest first',
        response: { 200: invoiceListResponse },
      },
      config: { permission: 'invoices:read' },
    },
    async (request) => listInvoices(ctx, merchantAccountId(request), request.query),
  );
}
