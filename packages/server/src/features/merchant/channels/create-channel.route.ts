import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { createChannel } from './channel-service.js';
import { channelResponse, createChannelBody } from './channels.schemas.js';

export function createChannelRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/channels',
    {
      schema: {
        body: createChannelBody,
        tags: ['merchant: channels'],
        summary: 'Open a channel: a permanent address for one currency pair',
        response: { 201: channelResponse },
      },
      config: { permission: 'channels:write' },
    },
    async (request, reply) => {
      const channel = await createChannel(ctx, merchantAccountId(request), request.body);
      return reply.code(201).send({ data: channel });
    },
  );
}
