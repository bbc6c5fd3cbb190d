import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { sessionOf } from '../../sessions/index.js';
import { actorOf } from '../../users/index.js';
import { uuidParams } from '../wire/ids.js';
import { merchantPageQuery } from '../wire/list.js';
import { listSubscriptions } from './subscription-service.js';
import { simulateSubscription } from './subscription-simulators.js';
import {
  simulateSubscriptionBody,
  subscriptionListResponse,
  subscriptionResponse,
} from './subscriptions.schemas.js';

const tags = ['sandbox'];

/**
 * The dashboard's sandbox subscription tools: the account's subscriptions, and a payment or a
 * cancellation one call away. Not registered at all in production mode.
 */
export function sandboxSubscriptionRoutes(app: ZodApp, ctx: AppContext) {
  if (ctx.config.mode !== 'sandbox') return;

  app.get(
    '/sandbox/subscriptions',
    {
      schema: {
        querystring: merchantPageQuery,
        tags,
        summary: "The account's subscriptions, newest first",
        response: { 200: subscriptionListResponse },
      },
      config: { access: 'sandbox.read' },
    },
    async (request) => listSubscriptions(ctx, sessionOf(request).account.id, request.query),
  );

  app.post(
    '/sandbox/subscriptions/:id/simulate',
    {
      schema: {
        params: uuidParams('id'),
        body: simulateSubscriptionBody,
        tags,
        summary: 'Pay the next period of a sandbox subscription, or cancel it; its callbacks are sent',
        response: { 200: subscriptionResponse },
      },
      config: { access: 'sandbox.simulate' },
    },
    async (request) => {
      const { accountId, actor, ip } = actorOf(request);
      const data = await simulateSubscription(ctx, accountId, request.params.id, request.body.status, {
        actor,
        ip,
      });
      return { data };
    },
  );
}
