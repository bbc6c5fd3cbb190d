import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { actorOf } from './actor.js';
import { inviteMember } from './users-service.js';
import { createdInvitation, inviteBody } from './users.schemas.js';

export function inviteRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/invitations',
    {
      schema: {
        body: inviteBody,
        tags: ['users'],
        summary: 'Invite a team member',
        response: { 201: createdInvitation },
      },
      config: { access: 'users.manage', stepUp: true },
    },
    async (request, reply) =>
      reply.code(201).send(await inviteMember(ctx, actorOf(request), request.body, request.log)),
  );
}
