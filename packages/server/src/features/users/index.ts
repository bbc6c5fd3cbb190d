// Leaf modules first: other features read these at load time (schemas built from ROLES), and an
// import cycle (users ↔ sessions) must find them evaluated before the routes below start loading.
export * from '../../core/access/roles.js';
import './tables.js';
export { emailField, newPasswordField } from './users.schemas.js';

import type { Feature } from '../../platform/feature.js';
import { acceptInvitationRoute } from './accept-invitation.route.js';
import { changeRoleRoute } from './change-role.route.js';
import { invitationsMigration } from './invitations.migration.js';
import { inviteRoute } from './invite.route.js';
import { listUsersRoute } from './list-users.route.js';
import { removeUserRoute } from './remove-user.route.js';
import { revokeInvitationRoute } from './revoke-invitation.route.js';
import { usersCommand } from './users.cli.js';

export { actorOf, type DashboardActor } from './actor.js';
export { insertUser, type NewUser } from './users-store.js';

/**
 * The team of an account: users, roles, invitations (rate-limited, capped, revocable);
 * `signet users reset-password`. The users and invitations tables themselves are created by the
 * accounts feature's foundation migration.
 */
export const usersFeature: Feature = {
  name: 'users',
  migrations: { '010_invitations': invitationsMigration },
  dashboardRoutes: [
    listUsersRoute,
    inviteRoute,
    revokeInvitationRoute,
    acceptInvitationRoute,
    changeRoleRoute,
    removeUserRoute,
  ],
  commands: (cli) => [usersCommand(cli)],
};
