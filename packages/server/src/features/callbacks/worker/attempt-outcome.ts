import { nextAttemptAt } from './retry-schedule.js';

export type AttemptOutcome =
  | { status: 'delivered'; cycleFailures: number; nextAttemptAt: null }
  | { status: 'pending'; cycleFailures: number; nextAttemptAt: Date }
  | { status: 'failed'; cycleFailures: number; nextAttemptAt: null };

/**
 * What a callback becomes after an attempt. `cycleFailures` counts failures since the last
 * (re)send, so the attempt just made is number cycleFailures + 1 of the schedule.
 */
export function outcomeOfAttempt(cycleFailures: number, ok: boolean, at: Date): AttemptOutcome {
  if (ok) return { status: 'delivered', cycleFailures, nextAttemptAt: null };
  const failures = cycleFailures + 1;
  const next = nextAttemptAt(failures, at);
  return next
    ? { status: 'pending', cycleFailures: failures, nextAttemptAt: next }
    : { status: 'failed', cycleFailures: failures, nextAttemptAt: null };
}
