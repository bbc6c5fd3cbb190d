import type { AppContext } from '../../context.js';
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
  const outcomes: RecordedOutcome[] = [];
  await ctx.db.kysely.transaction().execute(async (trx) => {
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
    for (const f of batch) {
      const guarded = trx
        .updateTable('callbacks')
        .where('id', '=', f.callback.id)
        .where('lease_owner', '=', owner);
      if (f.result === null) {
        await guarded
          .set({ status: 'not_sent', url: null, next_attempt_at: null, lease_owner: null, lease_until: null })
          .execute();
        outcomes.push('not_sent');
        continue;
      }
      const outcome = outcomeOfAttempt(f.callback.cycle_failures, f.result.ok, f.finishedAt);
      await guarded
        .set({
          status: outcome.status,
          url: f.url,
          attempt_count: f.attempt,
          cycle_failures: outcome.cycleFailures,
          next_attempt_at: outcome.nextAttemptAt?.toISOString() ?? null,
          delivered_at: outcome.status === 'delivered' ? f.finishedAt.toISOString() : null,
          lease_owner: null,
          lease_until: null,
        })
        .execute();
      outcomes.push(
        outcome.status === 'delivered'
          ? 'delivered'
          : outcome.status === 'failed'
            ? 'gave_up'
            : 'retry_scheduled',
      );
    }
  });
  return outcomes;
}
