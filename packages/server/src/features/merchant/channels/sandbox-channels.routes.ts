import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { sessionOf } from '../../sessions/index.js';
import { actorOf } from '../../users/index.js';
import { uuidParams } from '../wire/ids.js';
import { merchantPageQuery } from '../wire/list.js';
import { moveChannelPayment, listChannelPayments, receiveChannelPayment } from './channel-payment-service.js';
import { listChannels } from './channel-service.js';
import {
  channelListQuery,
  channelListResponse,
  channelPaymentListResponse,
  channelPaymentResponse,
  incomingChannelPaymentBody,
  simulateChannelPaymentBody,
} from './channels.schemas.js';

const tags = ['sandbox'];

/**
 * The dashboard's sandbox channel tools: the account's channels and their payments, a payment
 * arriving at a channel's address, and every later move of a payment. Not registered at all in
 * production mode.
 */
export function sandboxChannelRoutes(app: ZodApp, ctx: AppContext) {
  if (ctx.config.mode !== 'sandbox') return;

  app.get(
    '/sandbox/channels',
    {
      schema: {
        querystring: channelListQuery,
        tags,
        summary: "The account's channels, newest first",
        response: { 200: channelListResponse },
      },
      config: { access: 'sandbox.read' },
    },
    async (request) => listChannels(ctx, sessionOf(request).account.id, request.query),
  );

  app.get(
    '/sandbox/channels/:channel_id/payments',
    {
      schema: {
        params: uuidParams('channel_id'),
        querystring: merchantPageQuery,
        tags,
        summary: "A channel's payments, newest first",
        response: { 200: channelPaymentListResponse },
      },
      config: { access: 'sandbox.read' },
    },
    async (request) =>
      listChannelPayments(ctx, sessionOf(request).account.id, request.params.channel_id, request.query),
  );

  app.post(
    '/sandbox/channels/:channel_id/payments',
    {
      schema: {
        params: uuidParams('channel_id'),
        body: incomingChannelPaymentBody,
        tags,
        summary: "Send a payment to a channel's address; its callbacks are sent",
        response: { 201: channelPaymentResponse },
      },
      config: { access: 'sandbox.simulate' },
    },
    async (request, reply) => {
      const { accountId, actor, ip } = actorOf(request);
      const payment = await receiveChannelPayment(ctx, accountId, request.params.channel_id, request.body, {
        actor,
        ip,
      });
      return reply.code(201).send({ data: payment });
    },
  );

  app.post(
    '/sandbox/channel-payments/:id/simulate',
    {
      schema: {
        params: uuidParams('id'),
        body: simulateChannelPaymentBody,
        tags,
        summary: 'Move a channel payment (complete, hold, refund, cancel); its callback is sent',
        response: { 200: channelPaymentResponse },
      },
      config: { access: 'sandbox.simulate' },
    },
    async (request) => {
      const { accountId, actor, ip } = actorOf(request);
      return {
        data: await moveChannelPayment(ctx, accountId, request.params.id, request.body, { actor, ip }),
      };
    },
  );
}
