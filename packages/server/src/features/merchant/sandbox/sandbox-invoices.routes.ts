import type { AppContext } from '../../../platform/context.js';
import { fieldError } from '../../../platform/http/errors.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { idParams, pageQuery } from '../../../platform/http/zod-app.js';
import { sessionOf } from '../../sessions/index.js';
import { actorOf } from '../../users/index.js';
import { createInvoice, listInvoices } from '../invoices/invoice-service.js';
import { simulateInvoiceState } from '../invoices/invoice-simulation-service.js';
import { stateOfStatus } from '../invoices/invoice-simulation.js';
import {
  createInvoiceBody,
  invoiceListResponse,
  invoiceRefundResponse,
  invoiceResponse,
} from '../invoices/invoice.schemas.js';
import { completeRefund } from '../invoices/refund-service.js';
import { sandboxRefundParams, simulateInvoiceBody } from './sandbox.schemas.js';

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
    async (request) => listInvoices(ctx, sessionOf(request).account.id, {}, request.query),
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
        summary: 'Move a sandbox invoice as a payment (or Cryptopay) would; its callbacks are sent',
        response: { 200: invoiceResponse },
      },
      config: { access: 'sandbox.simulate' },
    },
    async (request) => {
      const body = request.body;
      let state = body.state;
      let field = 'state';
      if (state === undefined && body.status !== undefined) {
        const read = stateOfStatus(body.status, body.status_context);
        if (!read.ok) throw fieldError(read.field, read.message);
        state = read.state;
        field = 'status';
      }
      const { accountId, actor, ip } = actorOf(request);
      const invoice = await simulateInvoiceState(
        ctx,
        accountId,
        request.params.id,
        state!,
        { amount: body.amount, field },
        { actor, ip },
      );
      return { data: invoice };
    },
  );

  app.post(
    '/sandbox/invoices/:id/refunds/:refund_id/complete',
    {
      schema: {
        params: sandboxRefundParams,
        tags,
        summary: "Send a pending refund's transaction: it gets its txid and is completed",
        response: { 200: invoiceRefundResponse },
      },
      config: { access: 'sandbox.simulate' },
    },
    async (request) => {
      const { accountId, actor, ip } = actorOf(request);
      const refund = await completeRefund(
        ctx,
        accountId,
        request.params.refund_id,
        { actor, ip },
        { invoiceId: request.params.id, field: 'refund_id' },
      );
      return { data: refund };
    },
  );
}
