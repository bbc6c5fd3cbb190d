import type { AppContext } from '../../platform/context.js';
import { ApiError } from '../../platform/http/errors.js';
import type { SessionAccount, SessionUser } from './session-store.js';

/**
 * The dashboard's contract with the second factor. The two-factor feature builds on this one (it
 * imports sessions), so sessions cannot import it: it declares here what it needs, and the
 * two-factor feature provides it (`app.loginSecondFactor`) and enforces the route flags below.
 */

/** What a login's second factor came to, once its password was right. */
export type LoginFactorVerdict =
  /** The user has no second factor, or gave a right code (now used up). */
  | 'ok'
  /** The user has one and the login carried no code: ask for it. */
  | 'missing'
  /** A code that is wrong, replayed or already used: counted as a failed login. */
  | 'wrong';

export interface LoginSecondFactor {
  check(
    ctx: AppContext,
    who: { user: SessionUser; account: SessionAccount },
    code: string | undefined,
    ip: string,
  ): Promise<LoginFactorVerdict>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Decorated on the `/dashboard/api` scope by the two-factor feature; absent without it. */
    loginSecondFactor?: LoginSecondFactor;
  }
  interface FastifyContextConfig {
    /**
     * A credential action: the session must have proved its user (second factor, or password
     * without one) within SIGNET_STEP_UP_MINUTES, else 403 `reauthentication_required`.
     */
    stepUp?: boolean;
    /**
     * Reachable by a user who has not enrolled a second factor while the operator requires one
     * (SIGNET_REQUIRE_2FA): the session, /me and the enrolment itself. Every other route answers
     * 403 `two_factor_required` to them.
     */
    twoFactorExempt?: boolean;
  }
}

/**
 * A login refused at its second factor, a 401. Without a code: code `totp_required` (the issue's
 * contract: a script knows to ask for one), with `details[0].reason` the same. With a wrong,
 * replayed or used code: `unauthenticated` like every bad credential, reason `invalid_totp`.
 */
export function secondFactorRefusal(verdict: Exclude<LoginFactorVerdict, 'ok'>): ApiError {
  return verdict === 'missing'
    ? new ApiError(
        401,
        'totp_required',
        'a code from your authenticator app (or a recovery code) is required',
        [{ reason: 'totp_required', field: 'totp' }],
      )
    : new ApiError(401, 'unauthenticated', 'the authentication code is not valid', [
        { reason: 'invalid_totp', field: 'totp' },
      ]);
}
