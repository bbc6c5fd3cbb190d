import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { disableTwoFactor, factorUserOf } from './two-factor-service.js';
import { twoFactorCodeBody, twoFactorTags as tags } from './two-factor.schemas.js';

/**
 * `DELETE /2fa/totp {code}`: turns two-factor authentication off. The code in the body is the
 * fresh second factor, so the route asks for no separate step-up (which would burn that code).
 */
export function disableRoute(app: ZodApp, ctx: AppContext) {
  app.delete(
    '/2fa/totp',
    {
      schema: {
        tags,
        summary: 'Turn two-factor authentication off, with a current code or a recovery code',
        body: twoFactorCodeBody,
        response: { 204: z.null() },
      },
      config: { access: 'session', twoFactorExempt: true },
    },
    async (request, reply) => {
      await disableTwoFactor(ctx, factorUserOf(sessionOf(request), request.ip), request.body.code);
      return reply.code(204).send(null);
    },
  );
}
