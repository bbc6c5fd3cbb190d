import { z } from 'zod';
import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { lookupText } from '../../../platform/http/zod-app.js';
import { getInvoiceByCustomId } from './invoice-service.js';

const params = z.object({ custom_id: lookupText(100) });

export function getInvoiceByCustomIdRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/invoices/custom_id/:custom_id',
    {
      schema: { params, tags: ['merchant: invoices'], summary: 'One invoice, by the merchant’s custom_id' },
      config: { permission: 'invoices:read' },
    },
    async (request) => ({
      data: await getInvoiceByCustomId(ctx, merchantAccountId(request), request.params.custom_id),
    }),
  );
}
