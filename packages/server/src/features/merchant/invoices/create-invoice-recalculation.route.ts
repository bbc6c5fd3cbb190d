import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import {
  createInvoiceRecalculationBody,
  invoiceIdParams,
  invoiceRecalculationResponse,
} from './invoice.schemas.js';
import { createRecalculation } from './recalculation-service.js';

export function createInvoiceRecalculationRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/invoices/:invoice_id/recalculations',
    {
      schema: {
        params: invoiceIdParams,
        // SDKs send no body when force_commit is not given (Fastify hands the schema null).
        body: createInvoiceRecalculationBody.nullish(),
        tags: ['merchant: invoices'],
        summary: 'Quote an unresolved invoice at the current rate (commit within 30 s, or force_commit)',
        response: { 201: invoiceRecalculationResponse },
      },
      config: { permission: 'invoices:write' },
    },
    async (request, reply) => {
      const recalculation = await createRecalculation(
        ctx,
        merchantAccountId(request),
        request.params.invoice_id,
        request.body?.force_commit === true,
      );
      return reply.code(201).send({ data: recalculation });
    },
  );
}
