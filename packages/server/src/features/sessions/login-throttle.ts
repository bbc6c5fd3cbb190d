/**
 * Failed logins are counted in the database, not in memory, so the limit holds across every
 * instance sharing it. Per e-mail stops guessing one password; per IP stops spraying many.
 */
export const THROTTLE = { windowMs: 15 * 60_000, maxPerEmail: 5, maxPerIp: 30 } as const;

export function isThrottled(failuresForEmail: number, failuresFromIp: number): boolean {
  return failuresForEmail >= THROTTLE.maxPerEmail || failuresFromIp >= THROTTLE.maxPerIp;
}
