import type { AppContext } from '../../platform/context.js';
import { tx } from '../../platform/db/tx.js';
import { unauthenticated } from '../../platform/http/errors.js';
import { burnPasswordCheck, verifyPassword } from '../../platform/crypto/password.js';
import {
  claimLoginAttempt,
  recordLoginFailure,
  releaseLoginAttempt,
  settleLoginSuccess,
} from './login-attempts.js';
import { secondFactorRefusal, type LoginFactorVerdict, type LoginSecondFactor } from './second-factor.js';
import {
  deleteSession,
  findCredentials,
  openSession,
  type ActiveSession,
  type Credentials,
} from './session-store.js';
import type { StartedSession } from './session-payload.js';

/** Checks the password and opens a session; unknown e-mail and wrong password fail alike. */
export async function logIn(
  ctx: AppContext,
  email: string,
  password: string,
  ip: string,
  secondFactor?: { factor: LoginSecondFactor | undefined; code: string | undefined },
): Promise<StartedSession> {
  // Claimed before the password is checked, so parallel attempts count each other (or 429).
  const claim = await claimLoginAttempt(ctx, email, ip);
  let found: Credentials | null;
  let factor: LoginFactorVerdict | undefined;
  let failed = false;
  try {
    found = await findCredentials(ctx.db.kysely, email);
    // An unknown e-mail costs a password check too, so timing does not tell which addresses exist.
    const valid = found
      ? await verifyPassword(found.passwordHash, password)
      : (await burnPasswordCheck(password), false);
    if (!found || !valid) {
      await recordLoginFailure(ctx, claim);
      failed = true;
      throw unauthenticated([{ reason: 'invalid_credentials' }]);
    }
    // The second factor (two-factor feature), once the password is right.
    const who = { user: found.user, account: found.account };
    factor = await secondFactor?.factor?.check(ctx, who, secondFactor.code, ip);
  } catch (err) {
    // Anything but a recorded failure (an error, a refusal from the second factor) does not count.
    if (!failed) await releaseLoginAttempt(ctx, claim).catch(() => undefined);
    throw err;
  }
  const { user, account } = found;
  // A wrong code counts as a failed login; a missing one is the first half of a login, not a failure.
  if (factor === 'wrong') await recordLoginFailure(ctx, claim);
  if (factor === 'missing') await releaseLoginAttempt(ctx, claim);
  if (factor && factor !== 'ok') throw secondFactorRefusal(factor);
  try {
    return await tx(ctx, async (t) => {
      await settleLoginSuccess(t.db, claim);
      await t.audit({
        accountId: account.id,
        actor: { userId: user.id, email: user.email },
        action: 'session.created',
        ip,
      });
      return { user, account, ...(await openSession(ctx, t.db, user.id)) };
    });
  } catch (err) {
    await releaseLoginAttempt(ctx, claim).catch(() => undefined);
    throw err;
  }
}

export async function logOut(ctx: AppContext, session: ActiveSession, ip: string): Promise<void> {
  await tx(ctx, async (t) => {
    await deleteSession(t.db, session.idHash);
    await t.audit({
      accountId: session.account.id,
      actor: { userId: session.user.id, email: session.user.email },
      action: 'session.ended',
      ip,
    });
  });
}
