import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { sessionOf } from '../sessions/index.js';
import { listTeam } from './users-service.js';
import { teamView } from './users.schemas.js';

export function listUsersRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Team members and pending invitations',
        response: { 200: teamView },
      },
      config: { access: 'users.read' },
    },
    async (request) => listTeam(ctx, sessionOf(request).account.id),
  );
}
