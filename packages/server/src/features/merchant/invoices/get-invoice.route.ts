import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { idParams as resourceIdParams } from '../../../platform/http/zod-app.js';
import { getInvoice } from './invoice-service.js';

export function getInvoiceRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/invoices/:id',
    {
      schema: { params: resourceIdParams, tags: ['merchant: invoices'], summary: 'One invoice' },
      config: { permission: 'invoices:read' },
    },
    async (request) => ({ data: await getInvoice(ctx, merchantAccountId(request), request.params.id) }),
  );
}
