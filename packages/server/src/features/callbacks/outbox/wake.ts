import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/tx.js';

/**
 * Announced after callbacks become due: workers in this process claim at once instead of at the
 * next poll. Purely an optimisation: workers still poll, and other processes rely on polling.
 */
export const CALLBACKS_ENQUEUED = 'callbacks.enqueued';

/** Wakes this process's workers once `t` commits (never after a rollback). */
export function wakeWorkersAfterCommit(ctx: AppContext, t: Tx): void {
  t.afterCommit(() => ctx.signals.emit(CALLBACKS_ENQUEUED, ''));
}
