/**
 * Whether one more signup may go ahead, as a pure function of the signups the database holds
 * (`signup-attempt-store.ts`) and the clock: at most `perIpPerHour` from one source address and
 * `perHour` from all addresses together (0: no total bound) in any hour. Counted in the database,
 * so the limits hold across every instance sharing it; each signup is claimed (written) before
 * its work starts, so signups still in flight count too.
 */
export const SIGNUP_WINDOW_MS = 60 * 60_000;

export interface SignupLimits {
  perIpPerHour: number;
  /** 0: no bound on all addresses together. */
  perHour: number;
}

/** Other signups (done or in flight) as epoch ms, any order: from this address, and from all. */
export interface SignupHistory {
  ip: readonly number[];
  all: readonly number[];
}

export type SignupDecision = { allow: true } | { allow: false; retryAfterMs: number };

/** Milliseconds until fewer than `max` of `times` fall within the hour ending now (≤ 0: already). */
function waitBelow(now: number, times: readonly number[], max: number): number {
  const recent = times.filter((at) => at > now - SIGNUP_WINDOW_MS).sort((a, b) => b - a);
  if (recent.length < max) return 0;
  // Once the max-th newest leaves the window, fewer than `max` remain in it.
  return recent[max - 1]! + SIGNUP_WINDOW_MS - now;
}

export function decideSignup(now: Date, history: SignupHistory, limits: SignupLimits): SignupDecision {
  const t = now.getTime();
  const wait = Math.max(
    waitBelow(t, history.ip, limits.perIpPerHour),
    limits.perHour > 0 ? waitBelow(t, history.all, limits.perHour) : 0,
  );
  return wait > 0 ? { allow: false, retryAfterMs: wait } : { allow: true };
}
