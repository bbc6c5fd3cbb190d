/**
 * The coin withdrawal lifecycle (CRYPTOPAY-API.md §3.3) as pure data and functions, time
 * injected. The service persists what these plan; nothing here does I/O.
 *
 *   new        → pending (commit within 30 s) | cancelled (not committed in time)
 *   pending    → processing | on_hold | failed
 *   on_hold    → processing | failed
 *   processing → sent (txid set) | on_hold | failed
 *   sent       → completed | failed
 *   failed     → completed | cancelled
 *
 * `failed` is not final: it resolves to `completed` or `cancelled`. Entering `cancelled` returns
 * the debit to the merchant's balance. `completed` and `cancelled` are final.
 */

export const COIN_WITHDRAWAL_STATUSES = [
  'new',
  'pending',
  'on_hold',
  'processing',
  'sent',
  'completed',
  'failed',
  'cancelled',
] as const;
export type CoinWithdrawalStatus = (typeof COIN_WITHDRAWAL_STATUSES)[number];

export type CoinWithdrawalEvent = 'created' | 'status_changed';

/** How long a `new` withdrawal's quote holds: it must be committed within this. */
export const COMMIT_WINDOW_MS = 30_000;

const NEXT: Record<CoinWithdrawalStatus, readonly CoinWithdrawalStatus[]> = {
  new: ['pending', 'cancelled'],
  pending: ['processing', 'on_hold', 'failed'],
  // Released from hold ([I]: the docs name the hold, not its exits besides a failure).
  on_hold: ['processing', 'failed'],
  processing: ['sent', 'on_hold', 'failed'],
  sent: ['completed', 'failed'],
  failed: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export const canTransition = (from: CoinWithdrawalStatus, to: CoinWithdrawalStatus): boolean =>
  NEXT[from].includes(to);
export const nextStatuses = (from: CoinWithdrawalStatus): readonly CoinWithdrawalStatus[] => NEXT[from];

/** Being worked on: these can fail. (`new` is only a quote.) */
export const ACTIVE_STATUSES: readonly CoinWithdrawalStatus[] = ['pending', 'on_hold', 'processing', 'sent'];

export const initialStatus = (forceCommit: boolean): CoinWithdrawalStatus =>
  forceCommit ? 'pending' : 'new';

/** Whether entering `to` from `from` returns the debit (the money comes back exactly once). */
export const refundsOnEnter = (from: CoinWithdrawalStatus, to: CoinWithdrawalStatus): boolean =>
  to === 'cancelled' && from !== 'cancelled';

export interface CommitState {
  status: CoinWithdrawalStatus;
  created_at: string;
  /** Set when the withdrawal was committed (at creation with force_commit). */
  committed_at: string | null;
}

/** A `new` withdrawal whose commit window has closed. */
export const isOverdue = (w: CommitState, now: Date): boolean =>
  w.status === 'new' && now.getTime() - new Date(w.created_at).getTime() > COMMIT_WINDOW_MS;

export type CommitPlan =
  | { ok: true; to: 'pending' }
  /** `expire`: the withdrawal is still `new` and must be cancelled (its debit returned) now. */
  | { ok: false; code: 'expired'; expire: boolean; message: string }
  | { ok: false; code: 'already_committed'; message: string };

/** What POST …/commit does at `now`. */
export function planCommit(w: CommitState, now: Date): CommitPlan {
  const expired = {
    ok: false,
    code: 'expired',
    message: `was not committed within ${COMMIT_WINDOW_MS / 1000} seconds; the withdrawal is cancelled and its amount returned to the balance`,
  } as const;
  if (w.status === 'new')
    return isOverdue(w, now) ? { ...expired, expire: true } : { ok: true, to: 'pending' };
  if (w.committed_at === null) return { ...expired, expire: false };
  return { ok: false, code: 'already_committed', message: `is already committed (status ${w.status})` };
}

/** What the sandbox can move a withdrawal to (dashboard and `signet sandbox simulate`). */
export const SIMULATION_TARGETS = [
  'pending',
  'processing',
  'sent',
  'completed',
  'on_hold',
  'failed',
  'cancelled',
] as const;
export type SimulationTarget = (typeof SIMULATION_TARGETS)[number];

/** The CLI's words: `confirm` walks to completed, `fail` and `cancel` as named. */
export const SIMULATION_ALIASES: Record<string, SimulationTarget> = {
  confirm: 'completed',
  fail: 'failed',
  cancel: 'cancelled',
};

/** The way forward when all goes well; failed resolves straight to completed. */
const HAPPY_NEXT: Partial<Record<CoinWithdrawalStatus, CoinWithdrawalStatus>> = {
  new: 'pending',
  pending: 'processing',
  on_hold: 'processing',
  processing: 'sent',
  sent: 'completed',
  failed: 'completed',
};

export type SimulationPlan =
  { ok: true; steps: CoinWithdrawalStatus[] } | { ok: false; code: 'invalid_state'; message: string };

/**
 * The statuses a simulation passes through to reach `target`, each one a `status_changed`
 * callback: a direct move when the machine allows it, else along the happy path (confirm walks
 * pending → processing → sent → completed), else — for `cancelled` — through `failed`, the only
 * way an active payout is cancelled.
 */
export function planSimulation(from: CoinWithdrawalStatus, target: SimulationTarget): SimulationPlan {
  const refuse = (): SimulationPlan => {
    const allowed = nextStatuses(from);
    return {
      ok: false,
      code: 'invalid_state',
      message:
        allowed.length === 0
          ? `a ${from} withdrawal cannot change status`
          : `a ${from} withdrawal cannot become ${target}`,
    };
  };
  if (from === target) return refuse();
  if (canTransition(from, target)) return { ok: true, steps: [target] };
  const steps: CoinWithdrawalStatus[] = [];
  for (let at = HAPPY_NEXT[from]; at !== undefined; at = HAPPY_NEXT[at]) {
    steps.push(at);
    if (at === target) return { ok: true, steps };
  }
  if (target === 'cancelled' && ACTIVE_STATUSES.includes(from))
    return { ok: true, steps: ['failed', 'cancelled'] };
  return refuse();
}
