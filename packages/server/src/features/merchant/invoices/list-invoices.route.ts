import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { listInvoices } from './invoice-service.js';
import { invoiceListResponse, listInvoicesQuery } from './invoice.schemas.js';

export function listInvoicesRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/invoices',
    {
      schema: {
        querystring: listInvoicesQuery,
        tags: ['merchant: invoices'],
        summary: 'Invoices, newest first, optionally of one customer or subscription',
        response: { 200: invoiceListResponse },
      },
      config: { permission: 'invoices:read' },
    },
    async (request) => {
      const { customer_id, subscription_id, ...page } = request.query;
      return listInvoices(
        ctx,
        merchantAccountId(request),
        { customerId: customer_id, subscriptionId: subscription_id },
        page,
      );
    },
  );
}
