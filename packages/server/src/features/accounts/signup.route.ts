import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { conflict } from '../../platform/http/errors.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { startSession } from '../sessions/session-payload.js';
import { hashPassword } from '../users/password.js';
import { emailField, newPasswordField } from '../users/schemas.js';
import { insertAccount } from './account-store.js';

const body = z.object({
  business_name: z.string().trim().min(1, 'is required').max(200),
  email: emailField,
  password: newPasswordField,
});

export function signupRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/signup',
    {
      schema: { body, tags: ['session'], summary: 'Create an account and its Root user' },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const { business_name, email, password } = request.body;
      const passwordHash = await hashPassword(password);
      // Sandbox mode is a local playground: no operator is there to activate accounts.
      const status = ctx.config.mode === 'sandbox' ? 'active' : 'pending';
      try {
        const { account, user } = await ctx.db.kysely.transaction().execute(async (trx) => {
          const account = await insertAccount(ctx, trx, business_name, status);
          const user = { id: randomUUID(), email, role: 'root' as const };
          await trx
            .insertInto('users')
            .values({
              ...user,
              account_id: account.id,
              password_hash: passwordHash,
              created_at: account.created_at,
            })
            .execute();
          await recordAudit(
            trx,
            {
              accountId: account.id,
              actor: { userId: user.id, email },
              action: 'account.created',
              target: account.id,
              ip: request.ip,
            },
            ctx.now(),
          );
          return { account, user };
        });
        return reply.code(201).send(await startSession(ctx, reply, user, account));
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict('a user with this e-mail already exists', [{ field: 'email' }]);
        throw err;
      }
    },
  );
}
