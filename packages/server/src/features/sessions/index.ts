import type { Feature } from '../../platform/feature.js';
import { installAccessControl } from './access.js';
import { loginRoute } from './login.route.js';
import { logoutRoute } from './logout.route.js';
import { meRoute } from './me.route.js';
import './tables.js';

export { sessionOf } from './access.js';

/** Dashboard logins, the session cookie, CSRF, and the access guard of `/dashboard/api`. */
export const sessionsFeature: Feature = {
  name: 'sessions',
  dashboardGuard: installAccessControl,
  dashboardRoutes: [loginRoute, logoutRoute, meRoute],
};
