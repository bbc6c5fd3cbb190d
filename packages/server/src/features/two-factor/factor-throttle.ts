/**
 * Wrong second-factor codes and step-up passwords given by a signed-in user are limited as login
 * passwords are (the login's own wrong codes count in the login throttle): at most this many per
 * user in the window, counted in the database so the limit holds across instances.
 */
export const FACTOR_THROTTLE = { windowMs: 15 * 60_000, maxFailures: 5 } as const;

export function isFactorThrottled(failuresInWindow: number): boolean {
  return failuresInWindow >= FACTOR_THROTTLE.maxFailures;
}
