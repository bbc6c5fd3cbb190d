/**
 * Callback retry schedule (PROTOCOL.md §2): retry number n (0..19) is attempted 30 + n^4 + n seconds
 * after the previous failed attempt. Cryptopay's own page says "up to one and a half days", but the
 * formula adds up to 563,456 s (about 6.5 days); we follow the formula, not the prose.
 *
 * Attempt numbering used throughout delivery: attempt 1 is the first delivery, attempt k + 1 is
 * retry number k - 1. So there are at most 1 + MAX_RETRIES = 21 attempts.
 */

export const MAX_RETRIES = 20;

/** Highest attempt number that can ever be made; when it fails the callback is marked failed. */
export const MAX_ATTEMPTS = MAX_RETRIES + 1;

export function retryDelaySeconds(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n >= MAX_RETRIES) {
    throw new RangeError(`retry number must be an integer in 0..${MAX_RETRIES - 1}, got ${n}`);
  }
  return 30 + n ** 4 + n;
}

/** Sum of all retry delays: the longest a callback can stay pending after its first attempt. */
export const TOTAL_RETRY_WINDOW_SECONDS: number = Array.from({ length: MAX_RETRIES }, (_, n) =>
  retryDelaySeconds(n),
).reduce((a, b) => a + b, 0);

/**
 * When to make the next attempt after attempt `failedAttemptNumber` (1-based) failed at `failedAt`.
 * Returns null when no retry is left, i.e. the callback is now `failed` (it stays resendable; a manual
 * resend is the worker's business and starts its own attempt, it does not extend this schedule).
 */
export function nextAttemptAt(failedAttemptNumber: number, failedAt: Date): Date | null {
  if (!Number.isInteger(failedAttemptNumber) || failedAttemptNumber < 1) {
    throw new RangeError(`attempt number must be an integer >= 1, got ${failedAttemptNumber}`);
  }
  if (Number.isNaN(failedAt.getTime())) throw new RangeError('failedAt is an invalid Date');
  // Attempt k failing is followed by retry number k - 1.
  const retryNumber = failedAttemptNumber - 1;
  if (retryNumber >= MAX_RETRIES) return null;
  return new Date(failedAt.getTime() + retryDelaySeconds(retryNumber) * 1000);
}
