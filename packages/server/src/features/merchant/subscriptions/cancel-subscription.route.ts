import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { uuidParams } from '../wire/ids.js';
import { cancelSubscription } from './subscription-service.js';
import { subscriptionResponse } from './subscriptions.schemas.js';

/** SDKs send no body (CRYPTOPAY-API.md §1.2); one that is sent is ignored. */
export function cancelSubscriptionRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/subscriptions/:subscription_id/cancel',
    {
      schema: {
        params: uuidParams('subscription_id'),
        tags: ['merchant: subscriptions'],
        summary: 'Cancel a subscription',
        response: { 200: subscriptionResponse },
      },
      config: { permission: 'subscriptions:write' },
    },
    async (request) => ({
      data: await cancelSubscription(ctx, merchantAccountId(request), request.params.subscription_id),
    }),
  );
}
