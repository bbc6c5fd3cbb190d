import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sendSession, sessionView } from '../sessions/index.js';
import { emailField, newPasswordField } from '../users/index.js';
import { signUp } from './signup-service.js';

const body = z.object({
  business_name: z.string().trim().min(1, 'is required').max(200),
  email: emailField,
  password: newPasswordField,
});

export function signupRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/signup',
    {
      schema: {
        body,
        tags: ['session'],
        summary: 'Create an account and its Root user',
        response: { 201: sessionView },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const { business_name, email, password } = request.body;
      const started = await signUp(ctx, { businessName: business_name, email, password, ip: request.ip });
      return reply.code(201).send(sendSession(ctx, reply, started));
    },
  );
}
