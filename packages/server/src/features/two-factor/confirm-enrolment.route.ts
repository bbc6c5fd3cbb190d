import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { confirmEnrolment, factorUserOf } from './two-factor-service.js';
import { recoveryCodesView, twoFactorCodeBody, twoFactorTags as tags } from './two-factor.schemas.js';

/** `POST /2fa/totp/confirm {code}`: turns two-factor authentication on (a step-up action). */
export function confirmEnrolmentRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/2fa/totp/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm the enrolment with a first code; returns ten single-use recovery codes, shown once',
        body: twoFactorCodeBody,
        response: { 200: recoveryCodesView },
      },
      config: { access: 'session', stepUp: true, twoFactorExempt: true },
    },
    async (request) => ({
      recovery_codes: await confirmEnrolment(
        ctx,
        factorUserOf(sessionOf(request), request.ip),
        request.body.code,
      ),
    }),
  );
}
