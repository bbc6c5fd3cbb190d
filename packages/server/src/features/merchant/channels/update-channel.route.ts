import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { uuidParams } from '../wire/ids.js';
import { updateChannel } from './channel-service.js';
import { channelResponse, updateChannelBody } from './channels.schemas.js';

export function updateChannelRoute(app: ZodApp, ctx: AppContext) {
  app.patch(
    '/channels/:channel_id',
    {
      schema: {
        params: uuidParams('channel_id'),
        body: updateChannelBody,
        tags: ['merchant: channels'],
        summary: 'Rename, describe, enable/disable a channel or change its customer',
        response: { 200: channelResponse },
      },
      config: { permission: 'channels:write' },
    },
    async (request) => ({
      data: await updateChannel(ctx, merchantAccountId(request), request.params.channel_id, request.body),
    }),
  );
}
