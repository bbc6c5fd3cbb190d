import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { unauthenticated } from '../../platform/http/errors.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { burnPasswordCheck, verifyPassword } from '../users/password.js';
import type { Role } from '../users/roles.js';
import { assertNotThrottled, clearLoginFailures, recordLoginFailure } from './login-throttle.js';
import { startSession } from './session-payload.js';

const body = z.object({
  email: z.string().trim().toLowerCase().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(256),
});

export function loginRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/session',
    { schema: { body, tags: ['session'], summary: 'Log in' }, config: { access: 'public' } },
    async (request, reply) => {
      const { email, password } = request.body;
      await assertNotThrottled(ctx, email, request.ip);
      const row = await ctx.db.kysely
        .selectFrom('users')
        .innerJoin('accounts', 'accounts.id', 'users.account_id')
        .select([
          'users.id',
          'users.email',
          'users.role',
          'users.password_hash',
          'accounts.id as account_id',
          'accounts.name as account_name',
          'accounts.status as account_status',
        ])
        .where('users.email', '=', email)
        .executeTakeFirst();
      const valid = row
        ? await verifyPassword(row.password_hash, password)
        : (await burnPasswordCheck(password), false);
      if (!row || !valid) {
        await recordLoginFailure(ctx, email, request.ip);
        // Unknown e-mail and wrong password are indistinguishable on purpose.
        throw unauthenticated([{ reason: 'invalid_credentials' }]);
      }
      await clearLoginFailures(ctx, email);
      const user = { id: row.id, email: row.email, role: row.role as Role };
      const account = { id: row.account_id, name: row.account_name, status: row.account_status };
      await recordAudit(
        ctx.db.kysely,
        {
          accountId: account.id,
          actor: { userId: user.id, email: user.email },
          action: 'session.created',
          ip: request.ip,
        },
        ctx.now(),
      );
      return reply.send(await startSession(ctx, reply, user, account));
    },
  );
}
