import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { idempotencyHeaders } from '../platform/index.js';
import { provisionAccount } from './platform-account-service.js';
import {
  createdPlatformAccount,
  createPlatformAccountBody,
  platformAccountTags,
} from './platform-accounts.schemas.js';
import { platformCallerOf } from './platform-caller.js';

export function createAccountRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/accounts',
    {
      schema: {
        body: createPlatformAccountBody,
        headers: idempotencyHeaders,
        tags: platformAccountTags,
        summary:
          'Provision an account (optionally with its Root invitation); idempotent under Idempotency-Key',
        response: { 201: createdPlatformAccount },
      },
      config: { scope: 'accounts:write' },
    },
    async (request, reply) => {
      const answer = await provisionAccount(
        ctx,
        platformCallerOf(request),
        request.body,
        request.headers['idempotency-key'],
      );
      // Always 201: a replay answers the first request's (201) answer again.
      return reply.code(201).send(answer.body);
    },
  );
}
