import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { uuidParams } from '../wire/ids.js';
import { getSubscription } from './subscription-service.js';
import { subscriptionResponse } from './subscriptions.schemas.js';

export function getSubscriptionRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/subscriptions/:subscription_id',
    {
      schema: {
        params: uuidParams('subscription_id'),
        tags: ['merchant: subscriptions'],
        summary: 'One subscription',
        response: { 200: subscriptionResponse },
      },
      config: { permission: 'subscriptions:read' },
    },
    async (request) => ({
      data: await getSubscription(ctx, merchantAccountId(request), request.params.subscription_id),
    }),
  );
}
