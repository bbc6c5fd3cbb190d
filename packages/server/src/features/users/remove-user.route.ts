import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { idParams, type ZodApp } from '../../platform/http/zod-app.js';
import { actorOf } from './actor.js';
import { removeMember } from './users-service.js';

export function removeUserRoute(app: ZodApp, ctx: AppContext) {
  app.delete(
    '/users/:id',
    {
      schema: {
        params: idParams,
        tags: ['users'],
        summary: 'Remove a team member',
        response: { 204: z.null() },
      },
      config: { access: 'users.manage' },
    },
    async (request, reply) => {
      await removeMember(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
