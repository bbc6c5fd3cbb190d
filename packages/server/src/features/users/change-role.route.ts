import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { idParams, type ZodApp } from '../../platform/http/zod-app.js';
import { deleteSessionsOfUser } from '../sessions/session-store.js';
import { actorOf } from './actor.js';
import { invitableRole } from './schemas.js';
import { findTeamMember } from './team-member.js';

const body = z.object({ role: invitableRole });

export function changeRoleRoute(app: ZodApp, ctx: AppContext) {
  app.patch(
    '/users/:id',
    {
      schema: { params: idParams, body, tags: ['users'], summary: "Change a team member's role" },
      config: { access: 'users.manage' },
    },
    async (request) => {
      const { accountId, actor, ip } = actorOf(request);
      const member = await findTeamMember(ctx, accountId, request.params.id);
      if (!member) throw notFound('user');
      // The Root is the account's owner: it can neither demote itself nor be demoted.
      if (member.role === 'root') throw conflict('the Root user cannot be demoted');
      const role = request.body.role;
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ role }).where('id', '=', member.id).execute();
        await recordAudit(
          trx,
          {
            accountId,
            actor,
            action: 'user.role_changed',
            target: `${member.email}: ${member.role} → ${role}`,
            ip,
          },
          ctx.now(),
        );
      });
      // A changed role takes effect at once: existing sessions carried the old rights.
      if (role !== member.role) await deleteSessionsOfUser(ctx, member.id);
      return { ...member, role };
    },
  );
}
