import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sendSession, sessionView } from '../sessions/index.js';
import { acceptInvitation } from './users-service.js';
import { acceptInvitationBody, invitationTokenParams } from './users.schemas.js';

export function acceptInvitationRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/invitations/:token/accept',
    {
      schema: {
        params: invitationTokenParams,
        body: acceptInvitationBody,
        tags: ['users'],
        summary: 'Accept an invitation and set a password',
        response: { 201: sessionView },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const started = await acceptInvitation(ctx, request.params.token, request.body.password, request.ip);
      return reply.code(201).send(sendSession(ctx, reply, started));
    },
  );
}
