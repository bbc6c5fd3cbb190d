import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { createSubscription } from './subscription-service.js';
import { createSubscriptionBody, subscriptionResponse } from './subscriptions.schemas.js';

export function createSubscriptionRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/subscriptions',
    {
      schema: {
        body: createSubscriptionBody,
        tags: ['merchant: subscriptions'],
        summary: 'Create a subscription (e-mail billing); its first bill is issued as an invoice',
        response: { 201: subscriptionResponse },
      },
      config: { permission: 'subscriptions:write' },
    },
    async (request, reply) => {
      const subscription = await createSubscription(ctx, merchantAccountId(request), request.body);
      return reply.code(201).send({ data: subscription });
    },
  );
}
