import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/access.js';

export function listUsersRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/users',
    {
      schema: { tags: ['users'], summary: 'Team members and pending invitations' },
      config: { access: 'users.read' },
    },
    async (request) => {
      const accountId = sessionOf(request).account.id;
      const [users, invitations] = await Promise.all([
        ctx.db.kysely
          .selectFrom('users')
          .select(['id', 'email', 'role', 'created_at'])
          .where('account_id', '=', accountId)
          .orderBy('created_at')
          .execute(),
        ctx.db.kysely
          .selectFrom('invitations')
          .select(['id', 'email', 'role', 'created_at', 'expires_at'])
          .where('account_id', '=', accountId)
          .where('accepted_at', 'is', null)
          .where('expires_at', '>', ctx.now().toISOString())
          .orderBy('created_at')
          .execute(),
      ]);
      return { data: users, invitations };
    },
  );
}
