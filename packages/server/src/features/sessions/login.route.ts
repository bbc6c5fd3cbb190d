import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { logIn } from './login-service.js';
import { sendSession } from './session-payload.js';
import { loginBody, sessionView } from './sessions.schemas.js';

export function loginRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/session',
    {
      schema: { body: loginBody, tags: ['session'], summary: 'Log in', response: { 200: sessionView } },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const started = await logIn(ctx, request.body.email, request.body.password, request.ip, {
        factor: app.loginSecondFactor,
        code: request.body.totp,
      });
      return reply.send(sendSession(ctx, reply, started));
    },
  );
}
