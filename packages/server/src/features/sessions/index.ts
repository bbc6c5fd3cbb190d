// Schemas first: other features' routes use them, and the users ↔ sessions import cycle must
// find them evaluated before the routes below start loading.
export * from './sessions.schemas.js';
import './tables.js';

import type { Feature } from '../../platform/feature.js';
import { installAccessControl } from './access.js';
import { loginRoute } from './login.route.js';
import { logoutRoute } from './logout.route.js';
import { meRoute } from './me.route.js';

export { sessionOf } from './access.js';
export { sendSession, type StartedSession } from './session-payload.js';
export { deleteSessionsOfUser, openSession, type ActiveSession } from './session-store.js';

/** Dashboard logins, the session cookie, CSRF, and the access guard of `/dashboard/api`. */
export const sessionsFeature: Feature = {
  name: 'sessions',
  dashboardGuard: installAccessControl,
  dashboardRoutes: [loginRoute, logoutRoute, meRoute],
};
