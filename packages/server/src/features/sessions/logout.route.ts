import { recordAudit } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from './access.js';
import { clearSessionCookie } from './cookie.js';
import { deleteSession } from './session-store.js';

export function logoutRoute(app: ZodApp, ctx: AppContext) {
  app.delete(
    '/session',
    { schema: { tags: ['session'], summary: 'Log out' }, config: { access: 'session' } },
    async (request, reply) => {
      const session = sessionOf(request);
      await deleteSession(ctx, session.idHash);
      await recordAudit(
        ctx.db.kysely,
        {
          accountId: session.account.id,
          actor: { userId: session.user.id, email: session.user.email },
          action: 'session.ended',
          ip: request.ip,
        },
        ctx.now(),
      );
      clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );
}
