import { formatUnits, parseUnits } from '../money/decimal.js';
import type { Risk } from '../wire/common-models.js';

/**
 * The invoice lifecycle as Cryptopay runs it (CRYPTOPAY-API.md §3.1), as pure data and functions:
 * which status may follow which, what a payment makes of an invoice, and which callbacks (each
 * with the invoice as it stood at that event) a change produces. No I/O and no clock: the caller
 * passes the time, the service persists what these plan.
 */

export const INVOICE_STATUSES = ['new', 'completed', 'unresolved', 'refunded', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Why an invoice is `unresolved` — the only status that has a context (null otherwise). */
export const INVOICE_STATUS_CONTEXTS = ['overpaid', 'underpaid', 'paid_late', 'illicit_resource'] as const;
export type InvoiceStatusContext = (typeof INVOICE_STATUS_CONTEXTS)[number];

/**
 * The unresolved cases the merchant resolves (refund or recalculation). `illicit_resource` is not
 * one of them: Cryptopay's compliance decides those (§2.2).
 */
export const MERCHANT_RESOLVABLE = ['underpaid', 'overpaid', 'paid_late'] as const;
export type MerchantResolvable = (typeof MERCHANT_RESOLVABLE)[number];

export type InvoiceEventName =
  | 'created'
  | 'transaction_created'
  | 'transaction_confirmed'
  | 'status_changed'
  | 'refunded'
  | 'recalculated';

/** `completed`, `refunded` and `cancelled` are final [D]. */
const NEXT: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  new: ['completed', 'unresolved', 'cancelled'],
  unresolved: ['completed', 'refunded'],
  completed: [],
  refunded: [],
  cancelled: [],
};

export const canTransition = (from: InvoiceStatus, to: InvoiceStatus): boolean => NEXT[from].includes(to);
export const nextStatuses = (from: InvoiceStatus): readonly InvoiceStatus[] => NEXT[from];

/** Whether the merchant may refund or recalculate an invoice in this state. */
export function merchantResolvable(state: {
  status: InvoiceStatus;
  status_context: InvoiceStatusContext | null;
}): boolean {
  return (
    state.status === 'unresolved' && MERCHANT_RESOLVABLE.some((c): boolean => c === state.status_context)
  );
}

/**
 * One payment seen on the invoice's address, as stored. The wire shows `txid`, `risk` and
 * `source_addresses`; the amount and confirmation drive the status.
 */
export interface PaymentTransaction {
  txid: string;
  /** In the pay currency, at its precision. */
  amount: string;
  confirmed: boolean;
  risk: Risk;
  source_addresses: string[];
  /** ISO time the transaction was seen: after `expires_at` makes the payment late. */
  seen_at: string;
}

/** The part of an invoice a payment changes. */
export interface PaymentState {
  status: InvoiceStatus;
  status_context: InvoiceStatusContext | null;
  pay_amount: string;
  paid_amount: string;
  expires_at: string;
  transactions: PaymentTransaction[];
}

export interface IncomingPayment {
  txid: string;
  units: bigint;
  risk: Risk;
  source_addresses: string[];
  at: string;
}

export interface TransitionStep {
  event: InvoiceEventName;
  /** The invoice's payment state right after this event, as its callback carries it. */
  state: PaymentState;
}

export type TransitionPlan =
  { ok: true; steps: TransitionStep[]; final: PaymentState } | { ok: false; message: string };

export function toUnits(amount: string, precision: number): bigint {
  const parsed = parseUnits(amount, precision);
  if (!parsed.ok) throw new Error(`stored amount ${amount} does not fit precision ${precision}`);
  return parsed.units;
}

/** What is still due, in units (zero once paid in full or more). */
export function remainingUnits(state: PaymentState, precision: number): bigint {
  const rest = toUnits(state.pay_amount, precision) - toUnits(state.paid_amount, precision);
  return rest > 0n ? rest : 0n;
}

/**
 * What confirmed payments make of a `new` invoice. Precedence: a high-risk source holds the funds
 * whatever the amount; then lateness (a payment seen after `expires_at`); then the amount.
 */
export function outcomeOf(
  state: PaymentState,
  precision: number,
): { status: 'completed' | 'unresolved'; status_context: InvoiceStatusContext | null } {
  if (state.transactions.some((t) => t.risk.level === 'high'))
    return { status: 'unresolved', status_context: 'illicit_resource' };
  const expires = Date.parse(state.expires_at);
  if (state.transactions.some((t) => Date.parse(t.seen_at) > expires))
    return { status: 'unresolved', status_context: 'paid_late' };
  const due = toUnits(state.pay_amount, precision);
  const paid = toUnits(state.paid_amount, precision);
  if (paid < due) return { status: 'unresolved', status_context: 'underpaid' };
  if (paid > due) return { status: 'unresolved', status_context: 'overpaid' };
  return { status: 'completed', status_context: null };
}

/**
 * A payer's transaction seen in the mempool: appended unconfirmed, `paid_amount` counts it at
 * once [D], one `transaction_created`. A `new` invoice takes payments, and so does an underpaid
 * one (the payer sends the rest).
 */
export function receive(state: PaymentState, payment: IncomingPayment, precision: number): TransitionPlan {
  const open =
    state.status === 'new' || (state.status === 'unresolved' && state.status_context === 'underpaid');
  if (!open) return { ok: false, message: `a ${describe(state)} invoice takes no further payment` };
  if (payment.units <= 0n) return { ok: false, message: 'a payment must be greater than 0' };
  const tx: PaymentTransaction = {
    txid: payment.txid,
    amount: formatUnits(payment.units, precision),
    confirmed: false,
    risk: payment.risk,
    source_addresses: payment.source_addresses,
    seen_at: payment.at,
  };
  const next: PaymentState = {
    ...state,
    paid_amount: formatUnits(toUnits(state.paid_amount, precision) + payment.units, precision),
    transactions: [...state.transactions, tx],
  };
  return { ok: true, steps: [{ event: 'transaction_created', state: next }], final: next };
}

/** Confirms every unconfirmed transaction, one `transaction_confirmed` each, oldest first. */
function confirmAll(state: PaymentState): TransitionStep[] {
  const steps: TransitionStep[] = [];
  let current = state;
  for (const tx of state.transactions) {
    if (tx.confirmed) continue;
    current = {
      ...current,
      transactions: current.transactions.map((t) => (t.txid === tx.txid ? { ...t, confirmed: true } : t)),
    };
    steps.push({ event: 'transaction_confirmed', state: current });
  }
  return steps;
}

/**
 * The network confirms what was seen: `transaction_confirmed` per transaction, then a `new`
 * invoice takes the status the payments earn (or `outcome`, when the caller decides it), with
 * `status_changed` (§2.1: confirmed + status change). An underpaid invoice's top-up only confirms.
 */
export function confirm(
  state: PaymentState,
  precision: number,
  outcome?: { status: 'completed' | 'unresolved'; status_context: InvoiceStatusContext | null },
): TransitionPlan {
  const steps = confirmAll(state);
  if (steps.length === 0) return { ok: false, message: 'the invoice has no unconfirmed transaction' };
  const confirmed = steps[steps.length - 1]!.state;
  if (state.status !== 'new') return { ok: true, steps, final: confirmed };
  const final: PaymentState = { ...confirmed, ...(outcome ?? outcomeOf(confirmed, precision)) };
  return { ok: true, steps: [...steps, { event: 'status_changed', state: final }], final };
}

/** Two plans one after the other: the second starts from the first's final state. */
export function andThen(
  first: TransitionPlan,
  next: (state: PaymentState) => TransitionPlan,
): TransitionPlan {
  if (!first.ok) return first;
  const second = next(first.final);
  if (!second.ok) return second;
  return { ok: true, steps: [...first.steps, ...second.steps], final: second.final };
}

/**
 * A status change that is not a payment: cancellation, a resolution, a refund or recalculation.
 * `cause` (`refunded`, `recalculated`) is emitted first, then `status_changed`; both carry the
 * invoice in its new state. The context is kept only for `unresolved`.
 */
export function changeStatus(
  state: PaymentState,
  to: InvoiceStatus,
  cause?: 'refunded' | 'recalculated',
): TransitionPlan {
  if (!canTransition(state.status, to)) {
    const allowed = NEXT[state.status];
    return {
      ok: false,
      message:
        allowed.length === 0
          ? `a ${state.status} invoice cannot change status`
          : `a ${describe(state)} invoice can only become ${allowed.join(' or ')}, not ${to}`,
    };
  }
  const final: PaymentState = {
    ...state,
    status: to,
    status_context: to === 'unresolved' ? state.status_context : null,
  };
  const steps: TransitionStep[] = [];
  if (cause) steps.push({ event: cause, state: final });
  steps.push({ event: 'status_changed', state: final });
  return { ok: true, steps, final };
}

export function describe(state: { status: InvoiceStatus; status_context: string | null }): string {
  return state.status_context ? `${state.status} (${state.status_context})` : state.status;
}
