import type { AppContext } from '../../platform/context.js';
import type { Executor } from '../../platform/db/database.js';
import { ApiError } from '../../platform/http/errors.js';
import { throttleAddress } from '../sessions/index.js';
import {
  deleteSignupAttempt,
  deleteSignupAttemptsBefore,
  insertSignupAttempt,
  signupsAround,
} from './signup-attempt-store.js';
import { decideSignup, SIGNUP_WINDOW_MS } from './signup-throttle.js';

const refusal = (retryAfterMs: number) =>
  new ApiError(429, 'rate_limited', 'too many signups; try again later', [], {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
  });

/**
 * Claims a signup before its work starts (the password hash is the costly part): writes it,
 * committed on its own so every parallel signup sees it, then reads the others and decides.
 * Refused: the row goes and the answer is 429 `rate_limited` with Retry-After. A client already
 * over a limit is refused on a read alone, so a flood of refused signups writes nothing.
 * Returns the claim's id.
 */
export async function claimSignup(ctx: AppContext, clientIp: string): Promise<number> {
  const limits = ctx.config.signupLimits;
  // Counted as the login throttle counts addresses: an IPv6 client by its /64.
  const ip = throttleAddress(clientIp);
  const now = ctx.now();
  const decide = async (exceptId: number) =>
    decideSignup(
      now,
      await signupsAround(ctx.db.kysely, {
        ip,
        exceptId,
        sinceIso: new Date(now.getTime() - SIGNUP_WINDOW_MS).toISOString(),
        ipRows: limits.perIpPerHour,
        allRows: limits.perHour,
      }),
      limits,
    );
  const early = await decide(0); // ids start at 1: nothing is left out
  if (!early.allow) throw refusal(early.retryAfterMs);
  const id = await insertSignupAttempt(ctx.db.kysely, ip, now.toISOString());
  try {
    // The decision that counts: made after this signup is visible to every other.
    const decision = await decide(id);
    if (decision.allow) return id;
    await deleteSignupAttempt(ctx.db.kysely, id);
    throw refusal(decision.retryAfterMs);
  } catch (err) {
    if (!(err instanceof ApiError)) await releaseSignup(ctx, id).catch(() => undefined);
    throw err;
  }
}

/** The signup failed on the server's side (not the client's): it does not count. */
export async function releaseSignup(ctx: AppContext, id: number): Promise<void> {
  await deleteSignupAttempt(ctx.db.kysely, id);
}

/** In the signup's transaction: rows older than the hour can never count again. */
export async function sweepSignups(db: Executor, now: Date): Promise<void> {
  await deleteSignupAttemptsBefore(db, new Date(now.getTime() - SIGNUP_WINDOW_MS).toISOString());
}
