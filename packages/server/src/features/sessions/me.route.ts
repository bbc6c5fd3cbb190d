import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from './access.js';
import { mePayload } from './session-payload.js';
import { meView } from './sessions.schemas.js';

export function meRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/me',
    {
      schema: {
        tags: ['session'],
        summary: 'The current user, account, CSRF token and what the user may do',
        response: { 200: meView },
      },
      config: { access: 'session', twoFactorExempt: true },
    },
    async (request) => {
      const s = sessionOf(request);
      return mePayload(ctx, s.user, s.account, s.csrfToken);
    },
  );
}
