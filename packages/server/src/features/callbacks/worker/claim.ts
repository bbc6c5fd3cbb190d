import type { AppContext } from '../../../platform/context.js';
import type { Executor } from '../../../platform/db/database.js';

export interface ClaimedCallback {
  id: string;
  account_id: string;
  event_id: string;
  body: string;
  attempt_count: number;
  cycle_failures: number;
}

/**
 * Leases up to `limit` due callbacks to `owner`. A lease, not a lock held for the delivery, so a
 * worker that dies mid-delivery loses nothing: its lease runs out and another worker (or the
 * restarted one) claims the callback again. On PostgreSQL SKIP LOCKED lets several workers claim
 * side by side without waiting on each other; SQLite serialises writers, so the statement is atomic.
 */
export async function claimDueCallbacks(
  ctx: AppContext,
  owner: string,
  limit: number,
  leaseMs: number,
  db: Executor = ctx.db.kysely,
): Promise<ClaimedCallback[]> {
  if (limit <= 0) return [];
  const now = ctx.now();
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  return db
    .updateTable('callbacks')
    .set({ lease_owner: owner, lease_until: leaseUntil })
    .where('id', 'in', (eb) => {
      const due = eb
        .selectFrom('callbacks')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', nowIso)
        .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', nowIso)]))
        .orderBy('next_attempt_at')
        .limit(limit);
      return ctx.db.capabilities.skipLocked(due);
    })
    .returning(['id', 'account_id', 'event_id', 'body', 'attempt_count', 'cycle_failures'])
    .execute();
}
