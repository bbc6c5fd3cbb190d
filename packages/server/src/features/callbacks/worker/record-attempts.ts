import { sql, type Transaction } from 'kysely';
import type { AppContext } from '../../../platform/context.js';
import type { Database } from '../../../platform/db/database.js';
import { tx } from '../../../platform/db/tx.js';
import type { AttemptResult } from '../delivery/index.js';
import { outcomeOfAttempt } from './attempt-outcome.js';
import type { ClaimedCallback } from './claim.js';

export interface FinishedAttempt {
  callback: ClaimedCallback;
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  /** null: the account had no callback URL when the callback came due. */
  url: string | null;
  result: AttemptResult | null;
}

export type RecordedOutcome = 'delivered' | 'retry_scheduled' | 'gave_up' | 'not_sent';

/**
 * Writes a batch of attempts and the callbacks' new states in one transaction. Each update is
 * guarded by the lease: if it lapsed and another worker took the callback over, that worker owns
 * its state and this late result changes nothing but the attempt history.
 */
export async function writeAttemptResults(
  ctx: AppContext,
  owner: string,
  batch: FinishedAttempt[],
): Promise<RecordedOutcome[]> {
  return tx(ctx, (t) => recordAttempts(t.db, owner, batch));
}

/** The writes of writeAttemptResults inside a caller's transaction (the worker's claim joins them). */
export async function recordAttempts(
  trx: Transaction<Database>,
  owner: string,
  batch: FinishedAttempt[],
): Promise<RecordedOutcome[]> {
  const outcomes: RecordedOutcome[] = [];
  const attempts = batch.filter((f) => f.result !== null);
  if (attempts.length > 0) {
    await trx
      .insertInto('callback_attempts')
      .values(
        attempts.map((f) => ({
          callback_id: f.callback.id,
          attempt: f.attempt,
          at: f.startedAt.toISOString(),
          url: f.url,
          http_status: f.result!.httpStatus,
          error: f.result!.error,
          duration_ms: Math.round(f.result!.durationMs),
          response_excerpt: f.result!.responseExcerpt,
        })),
      )
      .execute();
  }
  // One statement for every attempted callback: a round trip per callback would dominate the
  // commit on PostgreSQL. Each row stays guarded by this worker's lease.
  const rows = [];
  for (const f of batch) {
    if (f.result === null) {
      await trx
        .updateTable('callbacks')
        .where('id', '=', f.callback.id)
        .where('lease_owner', '=', owner)
        .set({ status: 'not_sent', url: null, next_attempt_at: null, lease_owner: null, lease_until: null })
        .execute();
      outcomes.push('not_sent');
      continue;
    }
    const outcome = outcomeOfAttempt(f.callback.cycle_failures, f.result.ok, f.finishedAt);
    const deliveredAt = outcome.status === 'delivered' ? f.finishedAt.toISOString() : null;
    rows.push(
      sql`(${f.callback.id}, ${outcome.status}, ${f.url}, cast(${f.attempt} as integer), cast(${outcome.cycleFailures} as integer), ${outcome.nextAttemptAt?.toISOString() ?? null}, ${deliveredAt})`,
    );
    outcomes.push(
      outcome.status === 'delivered'
        ? 'delivered'
        : outcome.status === 'failed'
          ? 'gave_up'
          : 'retry_scheduled',
    );
  }
  if (rows.length > 0) {
    await sql`with r(id, status, url, attempt_count, cycle_failures, next_attempt_at, delivered_at) as (values ${sql.join(rows)})
      update callbacks set status = r.status, url = r.url, attempt_count = r.attempt_count,
        cycle_failures = r.cycle_failures, next_attempt_at = r.next_attempt_at,
        delivered_at = r.delivered_at, lease_owner = null, lease_until = null
      from r where callbacks.id = r.id and callbacks.lease_owner = ${owner}`.execute(trx);
  }
  return outcomes;
}
