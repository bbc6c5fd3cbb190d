import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { createInvoice } from './invoice-service.js';
import { createInvoiceBody, invoiceResponse } from './invoice.schemas.js';

export function createInvoiceRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/invoices',
    {
      schema: {
        body: createInvoiceBody,
        tags: ['merchant: invoices'],
        summary: 'Create an invoice',
        response: { 201: invoiceResponse },
      },
      config: { permission: 'invoices:write' },
    },
    async (request, reply) => {
      const invoice = await createInvoice(ctx, merchantAccountId(request), request.body);
      return reply.code(201).send({ data: invoice });
    },
  );
}
