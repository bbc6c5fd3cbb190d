import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { uuidParams } from '../wire/ids.js';
import { merchantPageQuery } from '../wire/list.js';
import { listChannelPayments } from './channel-payment-service.js';
import { channelPaymentListResponse } from './channels.schemas.js';

export function listChannelPaymentsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/channels/:channel_id/payments',
    {
      schema: {
        params: uuidParams('channel_id'),
        querystring: merchantPageQuery,
        tags: ['merchant: channels'],
        summary: 'The payments a channel received, newest first',
        response: { 200: channelPaymentListResponse },
      },
      config: { permission: 'channels:read' },
    },
    async (request) =>
      listChannelPayments(ctx, merchantAccountId(request), request.params.channel_id, request.query),
  );
}
