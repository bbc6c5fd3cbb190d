import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { stepUp } from './two-factor-service.js';
import { stepUpBody, twoFactorTags as tags } from './two-factor.schemas.js';

/** `POST /session/step-up {code}` (or `{password}` without two-factor authentication). */
export function stepUpRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/session/step-up',
    {
      schema: {
        tags,
        summary: 'Confirm it is you: credential actions then pass for SIGNET_STEP_UP_MINUTES',
        description:
          '`code` (authenticator or recovery code) when the user has two-factor authentication, else ' +
          '`password`. A wrong one is a 422 on that field, and counts towards the throttle (429).',
        body: stepUpBody,
        response: { 204: z.null() },
      },
      config: { access: 'session', twoFactorExempt: true },
    },
    async (request, reply) => {
      await stepUp(ctx, sessionOf(request), request.body, request.ip);
      return reply.code(204).send(null);
    },
  );
}
