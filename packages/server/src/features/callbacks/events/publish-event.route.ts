import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { idempotencyHeaders, platformActorOf } from '../../platform/index.js';
import { platformEventAccepted, platformEventBody, platformEventParams } from '../callbacks.schemas.js';
import { publishPlatformEvent } from './event-service.js';

/** `POST /platform/v1/accounts/{id}/events`: the operator's backend publishes a callback. */
export function platformEventRoutes(app: ZodApp, ctx: AppContext) {
  app.post(
    '/accounts/:id/events',
    {
      schema: {
        params: platformEventParams,
        // `Idempotency-Key`: a retried publish (same key, same body) answers the first event.
        headers: idempotencyHeaders,
        body: platformEventBody,
        tags: ['platform'],
        summary:
          "Publish an event: delivered to the account's callback URL as a signed callback, like Signet's own",
        response: { 202: platformEventAccepted },
      },
      config: { scope: 'events:write' },
    },
    async (request, reply) => {
      const accepted = await publishPlatformEvent(
        ctx,
        { accountId: request.params.id, actor: platformActorOf(request), ip: request.ip },
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.code(202).send(accepted);
    },
  );
}
