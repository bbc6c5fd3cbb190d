import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { AppContext } from '../../platform/context.js';
import { conflict } from '../../platform/http/errors.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { actorOf } from './actor.js';
import { hashInvitationToken, INVITATION_TTL_MS, newInvitationToken } from './invitation-token.js';
import { emailField, invitableRole } from './schemas.js';

const body = z.object({ email: emailField, role: invitableRole });

export function inviteRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/invitations',
    {
      schema: { body, tags: ['users'], summary: 'Invite a team member' },
      config: { access: 'users.manage' },
    },
    async (request, reply) => {
      const { accountId, actor, ip } = actorOf(request);
      const { email, role } = request.body;
      const existing = await ctx.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirst();
      if (existing) throw conflict('a user with this e-mail already exists', [{ field: 'email' }]);
      const token = newInvitationToken();
      const now = ctx.now();
      const invitation = {
        id: randomUUID(),
        email,
        role,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + INVITATION_TTL_MS).toISOString(),
      };
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await trx
          .insertInto('invitations')
          .values({
            ...invitation,
            account_id: accountId,
            token_hash: hashInvitationToken(token),
            invited_by: 'userId' in actor ? actor.userId : '',
            accepted_at: null,
          })
          .execute();
        await recordAudit(
          trx,
          { accountId, actor, action: 'invitation.created', target: `${email} as ${role}`, ip },
          now,
        );
      });
      const invitationUrl = `${ctx.config.publicUrl}/invite/${token}`;
      const emailed = await ctx.mailer
        .send(
          email,
          'You are invited to Signet',
          `You have been invited to join a Signet account as ${role}.\n\nAccept within 6 hours: ${invitationUrl}\n`,
        )
        .catch((err: unknown) => {
          request.log.warn({ err: (err as Error).message }, 'invitation e-mail failed');
          return false;
        });
      return reply.code(201).send({ ...invitation, invitation_url: invitationUrl, emailed });
    },
  );
}
