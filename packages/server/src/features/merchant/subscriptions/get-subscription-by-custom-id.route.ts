import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { customIdParams } from '../wire/ids.js';
import { getSubscriptionByCustomId } from './subscription-service.js';
import { subscriptionResponse } from './subscriptions.schemas.js';

export function getSubscriptionByCustomIdRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/subscriptions/custom_id/:custom_id',
    {
      schema: {
        params: customIdParams,
        tags: ['merchant: subscriptions'],
        summary: 'One subscription, by the merchant’s custom_id',
        response: { 200: subscriptionResponse },
      },
      config: { permission: 'subscriptions:read' },
    },
    async (request) => ({
      data: await getSubscriptionByCustomId(ctx, merchantAccountId(request), request.params.custom_id),
    }),
  );
}
