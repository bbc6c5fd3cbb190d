// Schemas first: other features' routes use them, and the users ↔ sessions import cycle must
// find them evaluated before the routes below start loading.
export * from './sessions.schemas.js';
import './tables.js';

import type { Feature } from '../../platform/feature.js';
import { installAccessControl } from './access.js';
import { createPortalSessionRoute } from './create-portal-session.route.js';
import { loginRoute } from './login.route.js';
import { logoutRoute } from './logout.route.js';
import { meRoute } from './me.route.js';
import { portalLinkPlugin } from './portal-link.route.js';
import { loginAttemptsMigration } from './login-attempts.migration.js';
import { portalSessionsMigration } from './portal.migration.js';
import { csrfDerivedMigration } from './csrf-derived.migration.js';
import { sessionStepUpMigration } from './step-up.migration.js';

export { sessionOf } from './access.js';
export { throttleAddress } from './login-throttle.js';
export { sendSession, type StartedSession } from './session-payload.js';
export {
  deleteSessionsOfUser,
  findCredentials,
  markSteppedUp,
  openSession,
  type ActiveSession,
} from './session-store.js';
export type { LoginFactorVerdict, LoginSecondFactor } from './second-factor.js';

/**
 * Dashboard logins, the session cookie, CSRF, and the access guard of `/dashboard/api`; portal
 * sessions: one-time links a platform opens for a person (`POST /platform/v1/accounts/{id}/portal-sessions`,
 * opened at `GET /portal/{token}`).
 */
export const sessionsFeature: Feature = {
  name: 'sessions',
  migrations: {
    '009_portal_sessions': portalSessionsMigration,
    '011_session_step_up': sessionStepUpMigration,
    '012_login_attempts': loginAttemptsMigration,
    '015_csrf_derived': csrfDerivedMigration,
  },
  dashboardGuard: installAccessControl,
  dashboardRoutes: [loginRoute, logoutRoute, meRoute],
  platformRoutes: [createPortalSessionRoute],
  plugin: portalLinkPlugin,
};
