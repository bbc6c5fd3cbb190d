import { parseUnits } from '../money/decimal.js';
import { HIGH_RISK, LOW_RISK, type Risk } from '../wire/common-models.js';
import {
  changeStatus,
  confirm,
  describe,
  INVOICE_STATUS_CONTEXTS,
  merchantResolvable,
  receive,
  remainingUnits,
  andThen,
  toUnits,
  type InvoiceStatus,
  type PaymentState,
  type TransitionPlan,
} from './invoice-state.js';

/**
 * What the sandbox can make happen to an invoice (`signet sandbox simulate invoice <id> <state>`,
 * the dashboard's simulate endpoint), planned as pure data from the invoice's state:
 *
 * - `transaction_created` a payment (the rest due, or `amount=`) seen, unconfirmed
 * - `transaction_confirmed` the network confirms what was seen; the invoice takes its status
 * - `paid` the rest due paid and confirmed: completed within validity, unresolved/paid_late after
 * - `completed` the invoice ends completed: a new one is paid (even past its expiry); on an
 *   unresolved one it is a resolution: an underpaid one gets the rest paid, the others are
 *   released by Cryptopay (illicit_resource: compliance; overpaid, paid_late: manual)
 * - `underpaid` (half the rest), `overpaid` (10 % more), `illicit_resource` (from a high-risk
 *   source), `paid_late` (the invoice is first moved past its expiry) — each paid and confirmed
 * - `cancelled` a new invoice left unpaid (Cryptopay cancels after 14 days)
 * - `refunded` Cryptopay's auto-refund to the merchant's crypto account (a refund without
 *   address); an illicit_resource invoice is refunded by compliance (no refund object)
 * - `recalculated` Cryptopay's auto-recalculation (a force-committed recalculation)
 */
export const INVOICE_SIMULATION_STATES = [
  'transaction_created',
  'transaction_confirmed',
  'paid',
  'completed',
  'underpaid',
  'overpaid',
  'paid_late',
  'illicit_resource',
  'cancelled',
  'refunded',
  'recalculated',
] as const;
export type InvoiceSimulationState = (typeof INVOICE_SIMULATION_STATES)[number];

export interface SimulationInput extends PaymentState {
  created_at: string;
}

export interface SimulationEnv {
  precision: number;
  /** ISO time of the simulated event. */
  now: string;
  newTxid: () => string;
  sourceAddress: () => string;
  /** `transaction_created` only: the amount sent, in the pay currency. */
  amount?: string | undefined;
}

/** A late payment needs the invoice's window to lie in the past: it is moved back, length kept. */
export interface ValidityWindow {
  created_at: string;
  expires_at: string;
}

export type SimulationPlan =
  | { kind: 'payment'; steps: TransitionPlan & { ok: true }; window?: ValidityWindow }
  | { kind: 'refund' }
  | { kind: 'recalculate' }
  | { kind: 'refused'; message: string };

/** How long before "now" a moved-back invoice expired. */
const LATE_BY_MS = 60_000;

function payment(env: SimulationEnv, units: bigint, risk: Risk = LOW_RISK) {
  return {
    txid: env.newTxid(),
    units,
    risk,
    source_addresses: [env.sourceAddress()],
    at: env.now,
  };
}

const done = (plan: TransitionPlan): SimulationPlan =>
  plan.ok ? { kind: 'payment', steps: plan } : { kind: 'refused', message: plan.message };

/** Pays `units` and confirms: transaction_created, transaction_confirmed, status_changed. */
function payAndConfirm(state: PaymentState, env: SimulationEnv, units: bigint, risk?: Risk): TransitionPlan {
  return andThen(receive(state, payment(env, units, risk), env.precision), (s) => confirm(s, env.precision));
}

export function planSimulation(
  input: SimulationInput,
  sim: InvoiceSimulationState,
  env: SimulationEnv,
): SimulationPlan {
  const { created_at, ...state } = input;
  const rest = remainingUnits(state, env.precision);
  const onlyNew = (): SimulationPlan | null =>
    state.status === 'new'
      ? null
      : { kind: 'refused', message: `a ${describe(state)} invoice takes no payment; only a new one does` };
  const fullyPaid: SimulationPlan = {
    kind: 'refused',
    message: 'the invoice is already paid in full (confirm it with transaction_confirmed)',
  };

  switch (sim) {
    case 'transaction_created': {
      if (env.amount === undefined)
        return rest > 0n ? done(receive(state, payment(env, rest), env.precision)) : fullyPaid;
      const parsed = parseUnits(env.amount, env.precision);
      if (!parsed.ok) return { kind: 'refused', message: `amount ${parsed.message}` };
      return done(receive(state, payment(env, parsed.units), env.precision));
    }
    case 'transaction_confirmed':
      return done(confirm(state, env.precision));
    case 'paid':
      if (state.status !== 'new') return onlyNew()!;
      return done(rest > 0n ? payAndConfirm(state, env, rest) : confirm(state, env.precision));
    case 'completed': {
      if (state.status === 'new') {
        // Completed whatever the clock says: a payment past expiry is taken as resolved.
        const completed = { status: 'completed', status_context: null } as const;
        const paid = rest > 0n ? receive(state, payment(env, rest), env.precision) : null;
        return done(
          paid
            ? andThen(paid, (s) => confirm(s, env.precision, completed))
            : confirm(state, env.precision, completed),
        );
      }
      if (state.status === 'unresolved' && state.status_context === 'underpaid')
        return done(
          andThen(
            andThen(receive(state, payment(env, rest), env.precision), (s) => confirm(s, env.precision)),
            (s) => changeStatus(s, 'completed'),
          ),
        );
      return done(changeStatus(state, 'completed'));
    }
    case 'underpaid':
      return (
        onlyNew() ??
        (rest < 2n
          ? { kind: 'refused', message: 'too little is left to pay to underpay it' }
          : done(payAndConfirm(state, env, rest / 2n)))
      );
    case 'overpaid': {
      const extra = toUnits(state.pay_amount, env.precision) / 10n;
      return onlyNew() ?? done(payAndConfirm(state, env, rest + (extra > 0n ? extra : 1n)));
    }
    case 'illicit_resource':
      return onlyNew() ?? (rest > 0n ? done(payAndConfirm(state, env, rest, HIGH_RISK)) : fullyPaid);
    case 'paid_late': {
      const refused = onlyNew() ?? (rest > 0n ? null : fullyPaid);
      if (refused) return refused;
      const now = Date.parse(env.now);
      const expires = Date.parse(state.expires_at);
      if (expires < now) return done(payAndConfirm(state, env, rest));
      const lifetime = expires - Date.parse(created_at);
      const moved = now - LATE_BY_MS;
      const window = {
        created_at: new Date(moved - lifetime).toISOString(),
        expires_at: new Date(moved).toISOString(),
      };
      const plan = payAndConfirm({ ...state, expires_at: window.expires_at }, env, rest);
      return plan.ok ? { kind: 'payment', steps: plan, window } : { kind: 'refused', message: plan.message };
    }
    case 'cancelled':
      return done(changeStatus(state, 'cancelled'));
    case 'refunded':
      if (state.status === 'unresolved' && state.status_context === 'illicit_resource')
        return done(changeStatus(state, 'refunded'));
      if (merchantResolvable(state)) return { kind: 'refund' };
      return done(changeStatus(state, 'refunded'));
    case 'recalculated':
      return merchantResolvable(state)
        ? { kind: 'recalculate' }
        : { kind: 'refused', message: `a ${describe(state)} invoice cannot be recalculated` };
  }
}

/**
 * The dashboard's older simulate body (`{status, status_context}`) as the state it names, or the
 * field and reason it cannot be.
 */
export function stateOfStatus(
  status: InvoiceStatus,
  context: string | null | undefined,
): { ok: true; state: InvoiceSimulationState } | { ok: false; field: string; message: string } {
  if (status === 'unresolved') {
    const named = INVOICE_STATUS_CONTEXTS.find((c) => c === (context ?? 'underpaid'));
    return named
      ? { ok: true, state: named }
      : {
          ok: false,
          field: 'status_context',
          message: `for unresolved must be one of ${INVOICE_STATUS_CONTEXTS.join(', ')}`,
        };
  }
  if (context != null)
    return { ok: false, field: 'status_context', message: `a ${status} invoice has no status_context` };
  if (status === 'new') return { ok: false, field: 'status', message: 'an invoice cannot become new again' };
  return { ok: true, state: status };
}
