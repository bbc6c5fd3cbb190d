import type { TestApp } from '../../support/test-app.js';

/** The documented login limits, pinned: the suite's test app may one day set others. */
export const LOGIN_DEFAULTS = {
  SIGNET_LOGIN_MAX_FAILURES: '5',
  SIGNET_LOGIN_WINDOW_SECONDS: '900',
  SIGNET_LOGIN_MAX_FAILURES_PER_EMAIL: '50',
  SIGNET_LOGIN_MAX_FAILURES_PER_IP: '30',
};

/** `POST /dashboard/api/session` as if from `ip`: the throttle counts by e-mail and address. */
export const logInFrom = (t: Pick<TestApp, 'app'>, email: string, password: string, ip: string) =>
  t.app.inject({
    method: 'POST',
    url: '/dashboard/api/session',
    payload: { email, password },
    remoteAddress: ip,
  });
