/**
 * An exchange transfer's two-step commit (CRYPTOPAY-API.md §3.5) as pure data, time injected.
 * Cryptopay's model has no status [M]; the sandbox keeps one internally [I]:
 *
 *   created   (force_commit false) a quote: commit within COMMIT_WINDOW_MS or it lapses
 *   committed (commit in time, or force_commit true) executed: the ledger has moved
 *
 * A lapsed quote stays `created` in storage and is read as expired from its age, so no sweeper is
 * needed and nothing happens to the ledger (a quote never moved it). Commit answers 422 `invalid`
 * with `expired` for a lapsed quote and `already_committed` for an executed transfer (Cryptopay
 * does not document these codes, §1.7 [I]).
 */

export const EXCHANGE_TRANSFER_STATES = ['created', 'committed'] as const;
export type ExchangeTransferState = (typeof EXCHANGE_TRANSFER_STATES)[number];

/** How long a quote holds: it must be committed within this (30 s, as on Cryptopay). */
export const COMMIT_WINDOW_MS = 30_000;

export const initialState = (forceCommit: boolean): ExchangeTransferState =>
  forceCommit ? 'committed' : 'created';

export interface CommitState {
  status: ExchangeTransferState;
  created_at: string;
}

/** A quote whose window has closed (exactly 30 s after creation is still in time). */
export const isExpired = (t: CommitState, now: Date): boolean =>
  t.status === 'created' && now.getTime() - new Date(t.created_at).getTime() > COMMIT_WINDOW_MS;

export type CommitPlan =
  { ok: true; to: 'committed' } | { ok: false; code: 'already_committed' | 'expired'; message: string };

/** What POST …/commit does at `now`; an executed transfer is committed for good, so that comes first. */
export function planCommit(t: CommitState, now: Date): CommitPlan {
  if (t.status === 'committed')
    return { ok: false, code: 'already_committed', message: 'is already committed' };
  if (isExpired(t, now))
    return {
      ok: false,
      code: 'expired',
      message: `was not committed within ${COMMIT_WINDOW_MS / 1000} seconds; create a new exchange transfer`,
    };
  return { ok: true, to: 'committed' };
}
