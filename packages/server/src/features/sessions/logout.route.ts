import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from './access.js';
import { clearSessionCookie } from './cookie.js';
import { logOut } from './login-service.js';

export function logoutRoute(app: ZodApp, ctx: AppContext) {
  app.delete(
    '/session',
    {
      schema: { tags: ['session'], summary: 'Log out', response: { 204: z.null() } },
      config: { access: 'session', twoFactorExempt: true },
    },
    async (request, reply) => {
      await logOut(ctx, sessionOf(request), request.ip);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );
}
