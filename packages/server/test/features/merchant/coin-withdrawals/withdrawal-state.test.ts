import { describe, expect, it } from 'vitest';
import {
  ACTIVE_STATUSES,
  canTransition,
  COIN_WITHDRAWAL_STATUSES,
  COMMIT_WINDOW_MS,
  initialStatus,
  isOverdue,
  planCommit,
  planSimulation,
  refundsOnEnter,
  SIMULATION_TARGETS,
  type CoinWithdrawalStatus,
} from '../../../../src/features/merchant/coin-withdrawals/withdrawal-state.js';

const ALLOWED: Record<CoinWithdrawalStatus, CoinWithdrawalStatus[]> = {
  new: ['pending', 'cancelled'],
  pending: ['processing', 'on_hold', 'failed'],
  on_hold: ['processing', 'failed'],
  processing: ['sent', 'on_hold', 'failed'],
  sent: ['completed', 'failed'],
  failed: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

const created = '2024-05-01T10:00:00.000Z';
const at = (ms: number) => new Date(new Date(created).getTime() + ms);

describe('transitions', () => {
  it('allows exactly the moves of CRYPTOPAY-API.md §3.3, and nothing else', () => {
    for (const from of COIN_WITHDRAWAL_STATUSES)
      for (const to of COIN_WITHDRAWAL_STATUSES)
        expect([from, to, canTransition(from, to)]).toEqual([from, to, ALLOWED[from].includes(to)]);
  });

  it('completed and cancelled are final; failed is not', () => {
    expect(COIN_WITHDRAWAL_STATUSES.filter((s) => ALLOWED[s].length === 0)).toEqual([
      'completed',
      'cancelled',
    ]);
  });

  it('every active status can fail', () => {
    for (const s of ACTIVE_STATUSES) expect(canTransition(s, 'failed')).toBe(true);
    expect(canTransition('new', 'failed')).toBe(false);
  });

  it('starts new without force_commit, pending with it', () => {
    expect(initialStatus(false)).toBe('new');
    expect(initialStatus(true)).toBe('pending');
  });

  it('returns the debit only on entering cancelled', () => {
    expect(refundsOnEnter('new', 'cancelled')).toBe(true);
    expect(refundsOnEnter('failed', 'cancelled')).toBe(true);
    for (const to of COIN_WITHDRAWAL_STATUSES.filter((s) => s !== 'cancelled'))
      expect(refundsOnEnter('failed', to)).toBe(false);
  });
});

describe('commit (injected time)', () => {
  const fresh = { status: 'new' as const, created_at: created, committed_at: null };

  it('commits within 30 seconds, the last millisecond included', () => {
    expect(planCommit(fresh, at(0))).toEqual({ ok: true, to: 'pending' });
    expect(planCommit(fresh, at(COMMIT_WINDOW_MS))).toEqual({ ok: true, to: 'pending' });
    expect(isOverdue(fresh, at(COMMIT_WINDOW_MS))).toBe(false);
  });

  it('after 30 seconds the withdrawal expires and must be cancelled', () => {
    const plan = planCommit(fresh, at(COMMIT_WINDOW_MS + 1));
    expect(plan).toMatchObject({ ok: false, code: 'expired', expire: true });
    expect(isOverdue(fresh, at(COMMIT_WINDOW_MS + 1))).toBe(true);
  });

  it('an expired (cancelled, never committed) withdrawal stays expired', () => {
    expect(planCommit({ ...fresh, status: 'cancelled' }, at(60_000))).toMatchObject({
      ok: false,
      code: 'expired',
      expire: false,
    });
  });

  it('a committed one — or one created with force_commit — is already committed, in any status', () => {
    for (const status of COIN_WITHDRAWAL_STATUSES.filter((s) => s !== 'new'))
      expect(planCommit({ status, created_at: created, committed_at: created }, at(1))).toMatchObject({
        ok: false,
        code: 'already_committed',
      });
  });

  it('only new withdrawals can be overdue', () => {
    for (const status of COIN_WITHDRAWAL_STATUSES.filter((s) => s !== 'new'))
      expect(isOverdue({ status, created_at: created, committed_at: null }, at(3_600_000))).toBe(false);
  });
});

describe('simulation paths', () => {
  const steps = (from: CoinWithdrawalStatus, to: (typeof SIMULATION_TARGETS)[number]) => {
    const plan = planSimulation(from, to);
    return plan.ok ? plan.steps : plan.code;
  };

  it('confirm walks the happy path, each status once', () => {
    expect(steps('new', 'completed')).toEqual(['pending', 'processing', 'sent', 'completed']);
    expect(steps('pending', 'completed')).toEqual(['processing', 'sent', 'completed']);
    expect(steps('on_hold', 'completed')).toEqual(['processing', 'sent', 'completed']);
    expect(steps('processing', 'sent')).toEqual(['sent']);
    expect(steps('sent', 'completed')).toEqual(['completed']);
    expect(steps('failed', 'completed')).toEqual(['completed']);
  });

  it('fails and holds directly from active statuses', () => {
    for (const s of ACTIVE_STATUSES) expect(steps(s, 'failed')).toEqual(['failed']);
    expect(steps('pending', 'on_hold')).toEqual(['on_hold']);
    expect(steps('processing', 'on_hold')).toEqual(['on_hold']);
  });

  it('cancels a new one directly, an active one through failed', () => {
    expect(steps('new', 'cancelled')).toEqual(['cancelled']);
    expect(steps('failed', 'cancelled')).toEqual(['cancelled']);
    for (const s of ACTIVE_STATUSES) expect(steps(s, 'cancelled')).toEqual(['failed', 'cancelled']);
  });

  it('refuses what the machine forbids with invalid_state', () => {
    const refused: [CoinWithdrawalStatus, (typeof SIMULATION_TARGETS)[number]][] = [
      ['new', 'failed'],
      ['new', 'on_hold'],
      ['sent', 'processing'],
      ['sent', 'on_hold'],
      ['on_hold', 'pending'],
      ['pending', 'pending'],
      ['failed', 'failed'],
      ['failed', 'on_hold'],
    ];
    for (const [from, to] of refused)
      expect([from, to, steps(from, to)]).toEqual([from, to, 'invalid_state']);
    for (const to of SIMULATION_TARGETS) {
      expect(steps('completed', to)).toBe('invalid_state');
      expect(steps('cancelled', to)).toBe('invalid_state');
    }
  });

  it('every planned step is an allowed transition', () => {
    for (const from of COIN_WITHDRAWAL_STATUSES)
      for (const to of SIMULATION_TARGETS) {
        const plan = planSimulation(from, to);
        if (!plan.ok) continue;
        let cur = from;
        for (const s of plan.steps) {
          expect([cur, s, canTransition(cur, s)]).toEqual([cur, s, true]);
          cur = s;
        }
        expect(cur).toBe(to);
      }
  });
});
