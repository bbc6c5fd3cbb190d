import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { factorUserOf, startEnrolment } from './two-factor-service.js';
import { totpEnrolmentView, twoFactorTags as tags } from './two-factor.schemas.js';

/** `POST /2fa/totp`: starts enrolling an authenticator app (a step-up action). */
export function startEnrolmentRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/2fa/totp',
    {
      schema: {
        tags,
        summary: 'Start enrolling an authenticator app: a new TOTP secret, shown this once',
        description:
          'Replaces an enrolment started earlier and not confirmed; 409 when two-factor authentication ' +
          'is already on. Confirm with POST /2fa/totp/confirm and a first code.',
        response: { 201: totpEnrolmentView },
      },
      config: { access: 'session', stepUp: true, twoFactorExempt: true },
    },
    async (request, reply) =>
      reply.code(201).send(await startEnrolment(ctx, factorUserOf(sessionOf(request), request.ip))),
  );
}
