import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { factorUserOf, regenerateRecoveryCodes } from './two-factor-service.js';
import { recoveryCodesView, twoFactorTags as tags } from './two-factor.schemas.js';

/** `POST /2fa/recovery-codes`: ten new recovery codes, the old ones void (a step-up action). */
export function regenerateRecoveryCodesRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/2fa/recovery-codes',
    {
      schema: {
        tags,
        summary: 'Replace the recovery codes with ten new ones, shown once',
        response: { 200: recoveryCodesView },
      },
      config: { access: 'session', stepUp: true, twoFactorExempt: true },
    },
    async (request) => ({
      recovery_codes: await regenerateRecoveryCodes(ctx, factorUserOf(sessionOf(request), request.ip)),
    }),
  );
}
