import type { AppContext } from '../../platform/context.js';
import { idParams, type ZodApp } from '../../platform/http/zod-app.js';
import { actorOf } from './actor.js';
import { changeRole } from './users-service.js';
import { changeRoleBody, teamMember } from './users.schemas.js';

export function changeRoleRoute(app: ZodApp, ctx: AppContext) {
  app.patch(
    '/users/:id',
    {
      schema: {
        params: idParams,
        body: changeRoleBody,
        tags: ['users'],
        summary: "Change a team member's role",
        response: { 200: teamMember },
      },
      config: { access: 'users.manage', stepUp: true },
    },
    async (request) => changeRole(ctx, actorOf(request), request.params.id, request.body.role),
  );
}
