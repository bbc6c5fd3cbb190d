import type { AppContext } from '../../context.js';

/**
 * Workers in this process poll the outbox; after enqueuing, a route can nudge them so a callback
 * leaves at once instead of at the next poll. Purely an optimisation: other processes still poll.
 */
const wakers = new WeakMap<AppContext, Set<() => void>>();

export function onCallbacksEnqueued(ctx: AppContext, wake: () => void): () => void {
  const set = wakers.get(ctx) ?? new Set();
  set.add(wake);
  wakers.set(ctx, set);
  return () => set.delete(wake);
}

/** Call after the enqueuing transaction committed. */
export function wakeWorkers(ctx: AppContext): void {
  for (const wake of wakers.get(ctx) ?? []) wake();
}
