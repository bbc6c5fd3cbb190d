import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from './access.js';
import { sessionPayload } from './session-payload.js';

export function meRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/me',
    {
      schema: { tags: ['session'], summary: 'The current user, account and CSRF token' },
      config: { access: 'session' },
    },
    async (request) => {
      const s = sessionOf(request);
      return sessionPayload(ctx, s.user, s.account, s.csrfToken);
    },
  );
}
