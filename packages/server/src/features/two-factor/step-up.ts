/**
 * The pure core of step-up: is the session's last proof of its user (login, or a step-up with the
 * second factor or the password) recent enough for a credential action? The caller passes `now`.
 */
export interface StepUpState {
  fresh: boolean;
  /** When the current proof stops counting; null when there is none. */
  freshUntil: Date | null;
}

export function stepUpState(stepUpAt: Date | null, now: Date, windowMs: number): StepUpState {
  if (!stepUpAt) return { fresh: false, freshUntil: null };
  const freshUntil = new Date(stepUpAt.getTime() + windowMs);
  return { fresh: now.getTime() < freshUntil.getTime(), freshUntil };
}
