import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { twoFactorStatus } from './two-factor-service.js';
import { twoFactorStatusView, twoFactorTags as tags } from './two-factor.schemas.js';

/** `GET /2fa`: the user's two-factor state, the operator's policy, and the session's step-up. */
export function twoFactorStatusRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/2fa',
    {
      schema: {
        tags,
        summary: "The user's two-factor authentication and the session's step-up",
        response: { 200: twoFactorStatusView },
      },
      config: { access: 'session', twoFactorExempt: true },
    },
    async (request) => twoFactorStatus(ctx, sessionOf(request)),
  );
}
