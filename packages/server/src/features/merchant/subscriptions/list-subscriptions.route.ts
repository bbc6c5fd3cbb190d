import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { merchantPageQuery } from '../wire/list.js';
import { listSubscriptions } from './subscription-service.js';
import { subscriptionListResponse } from './subscriptions.schemas.js';

export function listSubscriptionsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/subscriptions',
    {
      schema: {
        querystring: merchantPageQuery,
        tags: ['merchant: subscriptions'],
        summary: 'Subscriptions, newest first',
        response: { 200: subscriptionListResponse },
      },
      config: { permission: 'subscriptions:read' },
    },
    async (request) => listSubscriptions(ctx, merchantAccountId(request), request.query),
  );
}
