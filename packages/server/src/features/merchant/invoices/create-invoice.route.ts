import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { createInvoiceBody } from './invoice-input.js';
import { createInvoice } from './invoice-service.js';

export function createInvoiceRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/invoices',
    {
      schema: { body: createInvoiceBody, tags: ['merchant: invoices'], summary: 'Create an invoice' },
      config: { permission: 'invoices:write' },
    },
    async (request, reply) => {
      const invoice = await createInvoice(ctx, merchantAccountId(request), request.body);
      return reply.code(201).send({ data: invoice });
    },
  );
}
