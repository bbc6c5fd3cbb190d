import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { startSession } from '../sessions/session-payload.js';
import { hashInvitationToken } from './invitation-token.js';
import { hashPassword } from './password.js';
import type { Role } from './roles.js';
import { newPasswordField } from './schemas.js';

const params = z.object({ token: z.string().min(1).max(200) });
const body = z.object({ password: newPasswordField });

export function acceptInvitationRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/invitations/:token/accept',
    {
      schema: { params, body, tags: ['users'], summary: 'Accept an invitation and set a password' },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const tokenHash = hashInvitationToken(request.params.token);
      const now = ctx.now().toISOString();
      const invitation = await ctx.db.kysely
        .selectFrom('invitations')
        .innerJoin('accounts', 'accounts.id', 'invitations.account_id')
        .select([
          'invitations.id',
          'invitations.email',
          'invitations.role',
          'accounts.id as account_id',
          'accounts.name as account_name',
          'accounts.status as account_status',
        ])
        .where('invitations.token_hash', '=', tokenHash)
        .where('invitations.accepted_at', 'is', null)
        .where('invitations.expires_at', '>', now)
        .executeTakeFirst();
      if (!invitation) throw notFound('invitation (it may have expired or been used already)');
      const passwordHash = await hashPassword(request.body.password);
      const user = { id: randomUUID(), email: invitation.email, role: invitation.role as Role };
      try {
        const claimed = await ctx.db.kysely.transaction().execute(async (trx) => {
          // The conditional update is what makes the link single-use under concurrent clicks.
          const res = await trx
            .updateTable('invitations')
            .set({ accepted_at: now })
            .where('id', '=', invitation.id)
            .where('accepted_at', 'is', null)
            .executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) return false;
          await trx
            .insertInto('users')
            .values({
              ...user,
              account_id: invitation.account_id,
              password_hash: passwordHash,
              created_at: now,
            })
            .execute();
          await recordAudit(
            trx,
            {
              accountId: invitation.account_id,
              actor: { userId: user.id, email: user.email },
              action: 'invitation.accepted',
              target: `${user.email} as ${user.role}`,
              ip: request.ip,
            },
            ctx.now(),
          );
          return true;
        });
        if (!claimed) throw notFound('invitation (it may have expired or been used already)');
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('a user with this e-mail already exists');
        throw err;
      }
      const account = {
        id: invitation.account_id,
        name: invitation.account_name,
        status: invitation.account_status,
      };
      return reply.code(201).send(await startSession(ctx, reply, user, account));
    },
  );
}
