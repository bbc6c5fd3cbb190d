import { formatUnits, parseUnits } from '../money/decimal.js';

/**
 * The invoice lifecycle as Cryptopay runs it, as pure data and functions: which status may follow
 * which, which `status_context` values fit a status, and which callbacks (with which invoice
 * snapshot) a simulated payment produces. No I/O: the service persists what this plans.
 */

export const INVOICE_STATUSES = ['new', 'completed', 'unresolved', 'refunded', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Why an invoice is in its status (`null`: nothing to explain), per Cryptopay's lifecycle. */
export const INVOICE_STATUS_CONTEXTS = [
  'overpaid',
  'underpaid',
  'paid_late',
  'illegal_transaction',
  'multiple_transactions',
] as const;
export type InvoiceStatusContext = (typeof INVOICE_STATUS_CONTEXTS)[number];

export type InvoiceEventName =
  | 'created'
  | 'status_changed'
  | 'transaction_created'
  | 'transaction_confirmed'
  | 'refunded'
  | 'recalculated';

const NEXT: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  new: ['completed', 'unresolved', 'cancelled'],
  unresolved: ['completed', 'refunded', 'cancelled'],
  completed: ['refunded'],
  refunded: [],
  cancelled: [],
};

export const canTransition = (from: InvoiceStatus, to: InvoiceStatus): boolean => NEXT[from].includes(to);
export const nextStatuses = (from: InvoiceStatus): readonly InvoiceStatus[] => NEXT[from];

/** The contexts each target status accepts; the first is the default when none is given. */
export const STATUS_CONTEXTS: Record<InvoiceStatus, readonly (InvoiceStatusContext | null)[]> = {
  new: [null],
  completed: [null, 'overpaid', 'paid_late'],
  unresolved: ['underpaid', 'overpaid', 'paid_late', 'illegal_transaction', 'multiple_transactions'],
  refunded: [null],
  cancelled: [null],
};

/** Blocks a simulated transaction waits for before it counts as confirmed. */
export const REQUIRED_CONFIRMATIONS = 6;

export interface InvoiceTransaction {
  txid: string;
  amount: string;
  currency: string;
  network: string;
  confirmations: number;
  created_at: string;
}

/** The part of an invoice a payment changes. */
export interface PaymentState {
  status: InvoiceStatus;
  status_context: InvoiceStatusContext | null;
  pay_amount: string;
  paid_amount: string;
  transactions: InvoiceTransaction[];
}

export interface PaymentEnv {
  currency: string;
  network: string;
  /** Decimal places of the pay currency. */
  precision: number;
  now: string;
  newTxid: () => string;
}

export interface TransitionStep {
  event: InvoiceEventName;
  /** The invoice's payment state right after this event, as its callback carries it. */
  state: PaymentState;
}

export type TransitionPlan =
  | { ok: true; steps: TransitionStep[]; final: PaymentState }
  | { ok: false; field: 'status' | 'status_context'; message: string };

/** How much a simulated payment for `target` sends, as transaction amounts in units. */
function paymentsFor(
  target: InvoiceStatus,
  context: InvoiceStatusContext | null,
  due: bigint,
  paid: bigint,
): bigint[] {
  const rest = due - paid;
  if (target === 'completed') {
    if (context === 'overpaid') return [rest + due / 10n];
    return rest > 0n ? [rest] : [];
  }
  if (target !== 'unresolved' || paid > 0n) return [];
  switch (context) {
    case 'underpaid':
      return [due / 2n > 0n ? due / 2n : 1n];
    case 'overpaid':
      return [due + due / 10n];
    case 'multiple_transactions':
      return due > 1n ? [due / 2n, due - due / 2n] : [due];
    default: // paid_late, illegal_transaction: the full amount arrived, but not acceptably
      return [due];
  }
}

export function planTransition(
  from: PaymentState,
  target: { status: InvoiceStatus; status_context?: string | null | undefined },
  env: PaymentEnv,
): TransitionPlan {
  if (!canTransition(from.status, target.status)) {
    const allowed = NEXT[from.status];
    return {
      ok: false,
      field: 'status',
      message:
        allowed.length === 0
          ? `a ${from.status} invoice cannot change status`
          : `a ${from.status} invoice can only become ${allowed.join(' or ')}, not ${target.status}`,
    };
  }
  const contexts = STATUS_CONTEXTS[target.status];
  const requested = target.status_context ?? contexts[0] ?? null;
  // The requested context is caller input: it counts only if it is one the target status accepts.
  const context = contexts.find((c): boolean => c === requested);
  if (context === undefined) {
    const named = contexts.filter((c) => c !== null);
    return {
      ok: false,
      field: 'status_context',
      message:
        named.length === 0
          ? `a ${target.status} invoice has no status_context`
          : `for ${target.status} must be one of ${named.join(', ')}`,
    };
  }

  const due = units(from.pay_amount, env.precision);
  let paid = units(from.paid_amount, env.precision);
  let state: PaymentState = { ...from, transactions: [...from.transactions] };
  const steps: TransitionStep[] = [];
  for (const amount of paymentsFor(target.status, context, due, paid)) {
    const tx: InvoiceTransaction = {
      txid: env.newTxid(),
      amount: formatUnits(amount, env.precision),
      currency: env.currency,
      network: env.network,
      confirmations: 0,
      created_at: env.now,
    };
    state = { ...state, transactions: [...state.transactions, tx] };
    steps.push({ event: 'transaction_created', state });
    // Confirmation is what credits the payment, as on chain.
    paid += amount;
    state = {
      ...state,
      paid_amount: formatUnits(paid, env.precision),
      transactions: state.transactions.map((t) =>
        t.txid === tx.txid ? { ...t, confirmations: REQUIRED_CONFIRMATIONS } : t,
      ),
    };
    steps.push({ event: 'transaction_confirmed', state });
  }
  state = { ...state, status: target.status, status_context: context };
  steps.push({ event: 'status_changed', state });
  if (target.status === 'refunded') steps.push({ event: 'refunded', state });
  return { ok: true, steps, final: state };
}

function units(amount: string, precision: number): bigint {
  const parsed = parseUnits(amount, precision);
  if (!parsed.ok) throw new Error(`stored amount ${amount} does not fit precision ${precision}`);
  return parsed.units;
}
