import type { AppContext } from '../../../platform/context.js';
import { idParams, type ZodApp } from '../../../platform/http/zod-app.js';
import { actorOf } from '../../users/index.js';
import { callbackListQuery, callbackListView, callbackQueuedView } from '../callbacks.schemas.js';
import { listCallbacks, resendCallback, sendTestCallback } from './deliveries-service.js';

const tags = ['callbacks'];

export function callbackHistoryRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/callbacks',
    {
      schema: {
        querystring: callbackListQuery,
        tags,
        summary: 'Delivery history, newest first',
        response: { 200: callbackListView },
      },
      config: { access: 'integration' },
    },
    async (request) => listCallbacks(ctx, actorOf(request).accountId, request.query),
  );

  app.post(
    '/callbacks/:id/resend',
    {
      schema: {
        params: idParams,
        tags,
        summary: 'Send a callback again now (a new retry cycle)',
        response: { 202: callbackQueuedView },
      },
      config: { access: 'integration' },
    },
    async (request, reply) => {
      await resendCallback(ctx, actorOf(request), request.params.id);
      return reply.code(202).send({ id: request.params.id, status: 'pending' as const });
    },
  );

  app.post(
    '/callbacks/test',
    {
      schema: {
        tags,
        summary: 'Send a signed test callback to the current URL',
        response: { 202: callbackQueuedView },
      },
      config: { access: 'integration' },
    },
    async (request, reply) => {
      const id = await sendTestCallback(ctx, actorOf(request));
      return reply.code(202).send({ id, status: 'pending' as const });
    },
  );
}
