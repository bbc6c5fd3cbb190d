import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { customIdParams } from '../wire/ids.js';
import { getChannelByCustomId } from './channel-service.js';
import { channelResponse } from './channels.schemas.js';

export function getChannelByCustomIdRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/channels/custom_id/:custom_id',
    {
      schema: {
        params: customIdParams,
        tags: ['merchant: channels'],
        summary: 'One channel, by the merchant’s custom_id',
        response: { 200: channelResponse },
      },
      config: { permission: 'channels:read' },
    },
    async (request) => ({
      data: await getChannelByCustomId(ctx, merchantAccountId(request), request.params.custom_id),
    }),
  );
}
