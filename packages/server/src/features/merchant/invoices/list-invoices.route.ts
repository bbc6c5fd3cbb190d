import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { pageQuery as resourcePageQuery } from '../../../platform/http/zod-app.js';
import { listInvoices } from './invoice-service.js';

export function listInvoicesRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/invoices',
    {
      schema: {
        querystring: resourcePageQuery,
        tags: ['merchant: invoices'],
        summary: 'Invoices, newest first',
      },
      config: { permission: 'invoices:read' },
    },
    async (request) => listInvoices(ctx, merchantAccountId(request), request.query),
  );
}
