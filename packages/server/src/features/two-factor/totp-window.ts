/**
 * The pure core of TOTP verification (RFC 6238): which time-steps a code may belong to, and whether
 * a matching code is accepted. No I/O and no clock of its own: the caller passes `now`.
 */

/** Standard TOTP, as every authenticator app speaks it: HMAC-SHA-1, 6 digits, 30-second steps. */
export const TOTP_PARAMS = { algorithm: 'SHA1', digits: 6, periodSeconds: 30 } as const;

/**
 * Codes of the step before and the step after the current one are accepted too (RFC 6238 §5.2):
 * the phone's clock drifts, and typing a code takes time.
 */
export const TOTP_WINDOW = 1;

/** The time-step `now` falls in (the HOTP counter). */
export function timeStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PARAMS.periodSeconds);
}

/** The steps a code given at `now` may belong to, oldest first. */
export function candidateSteps(now: Date): number[] {
  const current = timeStepAt(now);
  const steps: number[] = [];
  for (let d = -TOTP_WINDOW; d <= TOTP_WINDOW; d++) steps.push(current + d);
  return steps;
}

export type TotpDecision =
  { accepted: true; step: number } | { accepted: false; reason: 'invalid' | 'replayed' };

/**
 * Given the candidate steps whose code equals the one given, and the last step this user has
 * already used, decides: a code is single use within its window, so it is accepted only for a step
 * later than the last used one (RFC 6238 §5.2), and that step is then remembered (atomically, by
 * the caller). Of several fresh matches the latest is taken, which leaves no earlier code usable.
 */
export function decideTotp(matchedSteps: readonly number[], lastUsedStep: number | null): TotpDecision {
  if (matchedSteps.length === 0) return { accepted: false, reason: 'invalid' };
  const fresh = matchedSteps.filter((step) => lastUsedStep === null || step > lastUsedStep);
  if (fresh.length === 0) return { accepted: false, reason: 'replayed' };
  return { accepted: true, step: Math.max(...fresh) };
}
