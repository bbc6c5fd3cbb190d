import { z } from 'zod';
import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { sessionOf } from '../../sessions/access.js';
import { actorOf } from '../../users/actor.js';
import { createInvoiceBody } from '../invoices/invoice-input.js';
import { createInvoice, listInvoices, simulateInvoice } from '../invoices/invoice-service.js';
import { INVOICE_STATUSES } from '../invoices/invoice-state.js';
import {
  idParams as resourceIdParams,
  pageQuery as resourcePageQuery,
} from '../../../platform/http/zod-app.js';

const tags = ['sandbox'];

const simulateBody = z.object({
  status: z.enum(INVOICE_STATUSES, { error: `must be one of ${INVOICE_STATUSES.join(', ')}` }),
  status_context: z.string().max(40, 'must be at most 40 characters').nullish(),
});

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
        querystring: resourcePageQuery,
        tags,
        summary: "The account's sandbox invoices, newest first",
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
        params: resourceIdParams,
        body: simulateBody,
        tags,
        summary: 'Move a sandbox invoice as a payment would; its callbacks are sent',
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
