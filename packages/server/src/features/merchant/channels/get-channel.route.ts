import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { uuidParams } from '../wire/ids.js';
import { getChannel } from './channel-service.js';
import { channelResponse } from './channels.schemas.js';

export function getChannelRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/channels/:channel_id',
    {
      schema: {
        params: uuidParams('channel_id'),
        tags: ['merchant: channels'],
        summary: 'One channel',
        response: { 200: channelResponse },
      },
      config: { permission: 'channels:read' },
    },
    async (request) => ({
      data: await getChannel(ctx, merchantAccountId(request), request.params.channel_id),
    }),
  );
}
