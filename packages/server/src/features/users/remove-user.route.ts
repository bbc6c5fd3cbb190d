import { recordAudit } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { idParams, type ZodApp } from '../../platform/http/zod-app.js';
import { actorOf } from './actor.js';
import { findTeamMember } from './team-member.js';

export function removeUserRoute(app: ZodApp, ctx: AppContext) {
  app.delete(
    '/users/:id',
    {
      schema: { params: idParams, tags: ['users'], summary: 'Remove a team member' },
      config: { access: 'users.manage' },
    },
    async (request, reply) => {
      const { accountId, actor, ip } = actorOf(request);
      const member = await findTeamMember(ctx, accountId, request.params.id);
      if (!member) throw notFound('user');
      if (member.role === 'root') throw conflict('the Root user cannot be removed');
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await trx.deleteFrom('sessions').where('user_id', '=', member.id).execute();
        await trx.deleteFrom('users').where('id', '=', member.id).execute();
        await recordAudit(
          trx,
          { accountId, actor, action: 'user.removed', target: member.email, ip },
          ctx.now(),
        );
      });
      return reply.code(204).send();
    },
  );
}
