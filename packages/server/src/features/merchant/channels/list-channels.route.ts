import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { listChannels } from './channel-service.js';
import { channelListQuery, channelListResponse } from './channels.schemas.js';

export function listChannelsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/channels',
    {
      schema: {
        querystring: channelListQuery,
        tags: ['merchant: channels'],
        summary: 'Channels, newest first, optionally of one customer',
        response: { 200: channelListResponse },
      },
      config: { permission: 'channels:read' },
    },
    async (request) => listChannels(ctx, merchantAccountId(request), request.query),
  );
}
