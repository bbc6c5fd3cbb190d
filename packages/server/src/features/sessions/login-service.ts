import type { AppContext } from '../../platform/context.js';
import { tx } from '../../platform/db/tx.js';
import { ApiError, unauthenticated } from '../../platform/http/errors.js';
import { burnPasswordCheck, verifyPassword } from '../../platform/crypto/password.js';
import {
  countFailuresSince,
  deleteFailuresBefore,
  deleteFailuresOf,
  insertFailure,
} from './login-failure-store.js';
import { isThrottled, THROTTLE } from './login-throttle.js';
import { deleteSession, findCredentials, openSession, type ActiveSession } from './session-store.js';
import type { StartedSession } from './session-payload.js';

async function assertNotThrottled(ctx: AppContext, email: string, ip: string): Promise<void> {
  const since = new Date(ctx.now().getTime() - THROTTLE.windowMs).toISOString();
  const [byEmail, byIp] = await Promise.all([
    countFailuresSince(ctx.db.kysely, 'email', email, since),
    countFailuresSince(ctx.db.kysely, 'ip', ip, since),
  ]);
  if (isThrottled(byEmail, byIp)) {
    throw new ApiError(429, 'rate_limited', 'too many failed login attempts; try again later', [], {
      'retry-after': String(THROTTLE.windowMs / 1000),
    });
  }
}

async function recordFailure(ctx: AppContext, email: string, ip: string): Promise<void> {
  await tx(ctx, async (t) => {
    await insertFailure(t.db, email, ip, t.now.toISOString());
    // Keep the table small: rows older than the window can never count again.
    await deleteFailuresBefore(t.db, new Date(t.now.getTime() - THROTTLE.windowMs).toISOString());
  });
}

/** Checks the password and opens a session; unknown e-mail and wrong password fail alike. */
export async function logIn(
  ctx: AppContext,
  email: string,
  password: string,
  ip: string,
): Promise<StartedSession> {
  await assertNotThrottled(ctx, email, ip);
  const found = await findCredentials(ctx.db.kysely, email);
  // An unknown e-mail costs a password check too, so timing does not tell which addresses exist.
  const valid = found
    ? await verifyPassword(found.passwordHash, password)
    : (await burnPasswordCheck(password), false);
  if (!found || !valid) {
    await recordFailure(ctx, email, ip);
    throw unauthenticated([{ reason: 'invalid_credentials' }]);
  }
  const { user, account } = found;
  return tx(ctx, async (t) => {
    await deleteFailuresOf(t.db, email);
    await t.audit({
      accountId: account.id,
      actor: { userId: user.id, email: user.email },
      action: 'session.created',
      ip,
    });
    return { user, account, ...(await openSession(ctx, t.db, user.id)) };
  });
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
