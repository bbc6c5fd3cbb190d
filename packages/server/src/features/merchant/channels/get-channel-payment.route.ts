import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { getChannelPayment } from './channel-payment-service.js';
import { channelPaymentParams, channelPaymentResponse } from './channels.schemas.js';

export function getChannelPaymentRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/channels/:channel_id/payments/:channel_payment_id',
    {
      schema: {
        params: channelPaymentParams,
        tags: ['merchant: channels'],
        summary: 'One payment of a channel',
        response: { 200: channelPaymentResponse },
      },
      config: { permission: 'channels:read' },
    },
    async (request) => ({
      data: await getChannelPayment(
        ctx,
        merchantAccountId(request),
        request.params.channel_id,
        request.params.channel_payment_id,
      ),
    }),
  );
}
