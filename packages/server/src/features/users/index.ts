import type { Feature } from '../../platform/feature.js';
import { acceptInvitationRoute } from './accept-invitation.route.js';
import { changeRoleRoute } from './change-role.route.js';
import { inviteRoute } from './invite.route.js';
import { listUsersRoute } from './list-users.route.js';
import { removeUserRoute } from './remove-user.route.js';
import './tables.js';
import { usersCommand } from './users.cli.js';

export * from './roles.js';
export { actorOf } from './actor.js';

/** The team of an account: users, roles, invitations; `signet users reset-password`. */
export const usersFeature: Feature = {
  name: 'users',
  dashboardRoutes: [listUsersRoute, inviteRoute, acceptInvitationRoute, changeRoleRoute, removeUserRoute],
  commands: (cli) => [usersCommand(cli)],
};
