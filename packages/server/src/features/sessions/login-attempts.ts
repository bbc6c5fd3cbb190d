import type { AppContext } from '../../platform/context.js';
import { tx } from '../../platform/db/tx.js';
import { ApiError } from '../../platform/http/errors.js';
import {
  deleteAttempt,
  deleteAttemptsBefore,
  deleteFailuresOfPair,
  historyAround,
  insertPendingAttempt,
  markFailed,
} from './login-attempt-store.js';
import { decideLogin, pairMemoryMs, throttleAddress } from './login-throttle.js';
import type { Executor } from '../../platform/db/database.js';

/** A login attempt that passed the throttle; its row counts against the limits until it is settled. */
export interface LoginClaim {
  id: number;
  email: string;
  /** The address as counted (`throttleAddress`). */
  ip: string;
}

/** Rows of a pair that can matter to its replay: far more than its locks ever let through in a day. */
const PAIR_ROWS_BEYOND_LIMIT = 64;

const refusal = (retryAfterMs: number) =>
  new ApiError(429, 'rate_limited', 'too many failed login attempts; try again later', [], {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
  });

/**
 * Claims the attempt before any password is checked: writes it (committed on its own, so every
 * parallel attempt sees it), then reads every other attempt and decides. Refused: the row goes and
 * the answer is 429 `rate_limited` with Retry-After. A client already over a limit is refused on a
 * read alone, so a flood of refused attempts writes nothing.
 */
export async function claimLoginAttempt(
  ctx: AppContext,
  email: string,
  clientIp: string,
): Promise<LoginClaim> {
  const limits = ctx.config.loginThrottle;
  const ip = throttleAddress(clientIp);
  const now = ctx.now();
  const decide = async (exceptId: number) =>
    decideLogin(
      now,
      await historyAround(ctx.db.kysely, {
        email,
        ip,
        exceptId,
        pairSinceIso: new Date(now.getTime() - pairMemoryMs(limits)).toISOString(),
        windowSinceIso: new Date(now.getTime() - limits.windowMs).toISOString(),
        pairRows: limits.maxFailures + PAIR_ROWS_BEYOND_LIMIT,
        emailRows: limits.maxFailuresPerEmail,
        ipRows: limits.maxFailuresPerIp,
      }),
      limits,
    );
  const early = await decide(0); // ids start at 1: nothing is left out
  if (!early.allow) throw refusal(early.retryAfterMs);
  const id = await insertPendingAttempt(ctx.db.kysely, email, ip, now.toISOString());
  try {
    // The decision that counts: made after this attempt is visible to every other.
    const decision = await decide(id);
    if (!decision.allow) {
      await deleteAttempt(ctx.db.kysely, id);
      throw refusal(decision.retryAfterMs);
    }
  } catch (err) {
    if (!(err instanceof ApiError)) await releaseLoginAttempt(ctx, { id, email, ip }).catch(() => undefined);
    throw err;
  }
  return { id, email, ip };
}

/** A wrong password (or second factor): the claim stays as a failure; rows too old to matter go. */
export async function recordLoginFailure(ctx: AppContext, claim: LoginClaim): Promise<void> {
  await tx(ctx, async (t) => {
    await markFailed(t.db, claim.id);
    const memory = pairMemoryMs(ctx.config.loginThrottle);
    await deleteAttemptsBefore(t.db, new Date(t.now.getTime() - memory).toISOString());
  });
}

/** The attempt came to nothing either way (an error, or a second factor still to be asked for). */
export async function releaseLoginAttempt(ctx: AppContext, claim: LoginClaim): Promise<void> {
  await deleteAttempt(ctx.db.kysely, claim.id);
}

/** A login that succeeded, in its transaction: the claim and its pair's failures go. */
export async function settleLoginSuccess(db: Executor, claim: LoginClaim): Promise<void> {
  await deleteAttempt(db, claim.id);
  await deleteFailuresOfPair(db, claim.email, claim.ip);
}
