import type { FastifyInstance } from 'fastify';
import { signupRoute } from './accounts/signup.route.js';
import { listAuditLogRoute } from './audit/list-audit-log.route.js';
import type { AppContext } from './context.js';
import type { DashboardRoutes } from './feature.js';
import type { ZodApp } from './http/zod-app.js';
import { installAccessControl } from './sessions/access.js';
import { loginRoute } from './sessions/login.route.js';
import { logoutRoute } from './sessions/logout.route.js';
import { meRoute } from './sessions/me.route.js';
import { acceptInvitationRoute } from './users/accept-invitation.route.js';
import { changeRoleRoute } from './users/change-role.route.js';
import { inviteRoute } from './users/invite.route.js';
import { listUsersRoute } from './users/list-users.route.js';
import { removeUserRoute } from './users/remove-user.route.js';

const coreRoutes: DashboardRoutes[] = [
  signupRoute,
  loginRoute,
  logoutRoute,
  meRoute,
  listUsersRoute,
  inviteRoute,
  acceptInvitationRoute,
  changeRoleRoute,
  removeUserRoute,
  listAuditLogRoute,
];

/** The management JSON API of API.md; features add their route sets through `extra`. */
export function dashboardApi(ctx: AppContext, extra: DashboardRoutes[] = []) {
  return async function dashboardPlugin(app: FastifyInstance) {
    installAccessControl(app, ctx);
    const zapp = app as unknown as ZodApp;
    for (const register of [...coreRoutes, ...extra]) register(zapp, ctx);
  };
}
