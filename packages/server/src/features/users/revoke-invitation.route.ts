import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { idParams, type ZodApp } from '../../platform/http/zod-app.js';
import { actorOf } from './actor.js';
import { revokeInvitation } from './users-service.js';

export function revokeInvitationRoute(app: ZodApp, ctx: AppContext) {
  app.delete(
    '/invitations/:id',
    {
      schema: {
        params: idParams,
        tags: ['users'],
        summary: 'Revoke a pending invitation; its link stops working',
        response: { 204: z.null() },
      },
      // Whoever may invite may revoke; revoking needs no active account (it only takes access away).
      config: { access: 'users.manage' },
    },
    async (request, reply) => {
      await revokeInvitation(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
