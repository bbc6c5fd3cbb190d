import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { idParams, pageQuery } from '../../../platform/http/zod-app.js';
import { sessionOf } from '../../sessions/index.js';
import { actorOf } from '../../users/index.js';
import { createInvoice, listInvoices, simulateInvoice } from '../invoices/invoice-service.js';
import { createInvoiceBody, invoiceListResponse, invoiceResponse } from '../invoices/invoice.schemas.js';
import { simulateInvoiceBody } from './sandbox.schemas.js';

const tags = ['sandbox'];

/**
 * The dashboard's sandbox invoice tools. In production mode they are not registered at all, so
 * every path answers the ordinary 404 envelope whoever asks, signed in or not.
 */
export function sandboxInvoiceRoutes(app: ZodApp, ctx: AppContext) {
  if (ctx.config.mode !== 'sandbox') return;

  app.get(
    '/sandbox/invoices',
    {
      schema: {
        querystring: pageQuery,
        tags,
        summary: "The account's sandbox invoices, newest first",
        response: { 200: invoiceListResponse },
      },
      config: { access: 'sandbox.read' },
    },
    async (request) => listInvoices(ctx, sessionOf(request).account.id, request.query),
  );

  app.post(
    '/sandbox/invoices',
    {
      schema: {
        body: createInvoiceBody,
        tags,
        summary: 'Create a test invoice, as POST /api/invoices would',
        response: { 201: invoiceResponse },
      },
      config: { access: 'sandbox.simulate' },
    },
    async (request, reply) => {
      const invoice = await createInvoice(ctx, sessionOf(request).account.id, request.body);
      return reply.code(201).send({ data: invoice });
    },
  );

  app.post(
    '/sandbox/invoices/:id/simulate',
    {
      schema: {
        params: idParams,
        body: simulateInvoiceBody,
        tags,
        summary: 'Move a sandbox invoice as a payment would; its callbacks are sent',
        response: { 200: invoiceResponse },
      },
      config: { access: 'sandbox.simulate' },
    },
    async (request) => {
      const { accountId, actor, ip } = actorOf(request);
      const invoice = await simulateInvoice(ctx, accountId, request.params.id, request.body, { actor, ip });
      return { data: invoice };
    },
  );
}
