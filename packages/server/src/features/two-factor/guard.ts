import type { AppContext } from '../../platform/context.js';
import { ApiError } from '../../platform/http/errors.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { stepUpState } from './step-up.js';
import { isEnrolled, loginSecondFactor } from './two-factor-service.js';

/**
 * What this feature adds to the `/dashboard/api` scope, registered with its routes: the login's
 * second factor (`app.loginSecondFactor`, asked by the sessions feature's login), and a preHandler
 * that runs after the sessions feature's access guard (hooks run in the order they were added, and
 * the guard is installed before any feature's routes) and enforces the route flags declared in
 * sessions/second-factor.ts:
 *
 * 1. SIGNET_REQUIRE_2FA: a user without a confirmed authenticator gets 403 `two_factor_required`
 *    on every route but those flagged `twoFactorExempt` (the session, /me, enrolment, step-up);
 * 2. `stepUp`: a credential action wants the session's last proof (login or step-up) within
 *    SIGNET_STEP_UP_MINUTES, else 403 `reauthentication_required`, whose details say what a
 *    step-up takes (`factor`: `totp` or `password`).
 */
export function twoFactorGuard(app: ZodApp, ctx: AppContext) {
  app.decorate('loginSecondFactor', loginSecondFactor);
  app.addHook('preHandler', async (request) => {
    const session = request.session;
    if (!session) return; // a public route (the access guard has refused everything else without one)
    const { stepUp, twoFactorExempt } = request.routeOptions.config;
    const policy = ctx.config.require2fa && !twoFactorExempt;
    if (!policy && !stepUp) return;
    let enrolled: boolean | undefined;
    const enrolledNow = async () => (enrolled ??= await isEnrolled(ctx, session.user.id));
    if (policy && !(await enrolledNow()))
      throw new ApiError(
        403,
        'two_factor_required',
        'this installation requires two-factor authentication: enrol an authenticator app first',
        [{ reason: 'two_factor_required' }],
      );
    if (stepUp && !stepUpState(session.stepUpAt, ctx.now(), ctx.config.stepUpMs).fresh)
      throw new ApiError(
        403,
        'reauthentication_required',
        'confirm it is you: this action needs a fresh ' +
          ((await enrolledNow()) ? 'authenticator code' : 'password') +
          ' (POST /dashboard/api/session/step-up)',
        [{ reason: 'step_up', factor: (await enrolledNow()) ? 'totp' : 'password' }],
      );
  });
}
