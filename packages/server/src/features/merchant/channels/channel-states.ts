/**
 * The channel payment lifecycle (CRYPTOPAY-API.md §3.2) as pure functions: which moves exist, the
 * status_context a hold carries, and which callback each move emits. No I/O and no clock: the
 * service persists what these plan.
 *
 *   (detected) → pending ──→ completed
 *                   ├─────→ on_hold (illicit_resource | channel_disabled) ──→ completed | refunded
 *                   └─────→ cancelled
 *
 * completed, refunded and cancelled are final. Every move's event has the target status's name.
 */

export const CHANNEL_STATUSES = ['enabled', 'disabled'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export const CHANNEL_PAYMENT_STATUSES = ['pending', 'on_hold', 'completed', 'refunded', 'cancelled'] as const;
export type ChannelPaymentStatus = (typeof CHANNEL_PAYMENT_STATUSES)[number];

export const CHANNEL_PAYMENT_STATUS_CONTEXTS = ['illicit_resource', 'channel_disabled'] as const;
export type ChannelPaymentStatusContext = (typeof CHANNEL_PAYMENT_STATUS_CONTEXTS)[number];

/** The statuses a payment can be moved to after it was detected (`pending` is only ever the start). */
export const CHANNEL_PAYMENT_TARGETS = ['completed', 'on_hold', 'refunded', 'cancelled'] as const;
export type ChannelPaymentTarget = (typeof CHANNEL_PAYMENT_TARGETS)[number];

export type ChannelPaymentEventName = 'created' | ChannelPaymentTarget;

const NEXT: Record<ChannelPaymentStatus, readonly ChannelPaymentTarget[]> = {
  pending: ['completed', 'on_hold', 'cancelled'],
  on_hold: ['completed', 'refunded'],
  completed: [],
  refunded: [],
  cancelled: [],
};

export const nextStatuses = (from: ChannelPaymentStatus): readonly ChannelPaymentTarget[] => NEXT[from];
export const canTransition = (from: ChannelPaymentStatus, to: ChannelPaymentStatus): boolean =>
  (NEXT[from] as readonly ChannelPaymentStatus[]).includes(to);

/** One state the payment passes through, with the callback that announces it. */
export interface PaymentStep {
  status: ChannelPaymentStatus;
  status_context: ChannelPaymentStatusContext | null;
  event: ChannelPaymentEventName;
}

export type TransitionPlan =
  | {
      ok: true;
      step: PaymentStep;
      /** Completing is the one move that credits the merchant (once: completed is final). */
      credits: boolean;
      /** The hold is a compliance one: the payment's risk becomes high. */
      illicit: boolean;
    }
  | { ok: false; field: 'status'; code: 'invalid_state'; message: string }
  | {
      ok: false;
      field: 'status_context';
      /** `invalid`: the target status takes no context at all. */
      code: 'must_be_included_in' | 'invalid';
      message: string;
      list: readonly string[];
    };

/**
 * A later move of an existing payment (a confirmation, Cryptopay's compliance decision, a refund,
 * the 14-day timeout). `status_context` is caller input: only `on_hold` takes one; when it is not
 * given, a hold on a disabled channel is `channel_disabled`, otherwise `illicit_resource`.
 */
export function planTransition(
  from: { status: ChannelPaymentStatus },
  target: { status: ChannelPaymentTarget; status_context?: string | null | undefined },
  channel: { status: ChannelStatus },
): TransitionPlan {
  if (!canTransition(from.status, target.status)) {
    const allowed = NEXT[from.status];
    return {
      ok: false,
      field: 'status',
      code: 'invalid_state',
      message:
        allowed.length === 0
          ? `a ${from.status} channel payment cannot change status`
          : `a ${from.status} channel payment can only become ${allowed.join(' or ')}, not ${target.status}`,
    };
  }
  const requested = target.status_context ?? null;
  if (target.status !== 'on_hold') {
    if (requested !== null)
      return {
        ok: false,
        field: 'status_context',
        code: 'invalid',
        message: `a ${target.status} channel payment has no status_context`,
        list: [],
      };
    return {
      ok: true,
      step: { status: target.status, status_context: null, event: target.status },
      credits: target.status === 'completed',
      illicit: false,
    };
  }
  const context =
    requested === null
      ? channel.status === 'disabled'
        ? 'channel_disabled'
        : 'illicit_resource'
      : CHANNEL_PAYMENT_STATUS_CONTEXTS.find((c) => c === requested);
  if (context === undefined)
    return {
      ok: false,
      field: 'status_context',
      code: 'must_be_included_in',
      message: `must be one of: ${CHANNEL_PAYMENT_STATUS_CONTEXTS.join(', ')}`,
      list: CHANNEL_PAYMENT_STATUS_CONTEXTS,
    };
  return {
    ok: true,
    step: { status: 'on_hold', status_context: context, event: 'on_hold' },
    credits: false,
    illicit: context === 'illicit_resource',
  };
}

/**
 * What a payment arriving at a channel address goes through: it is always `created` as pending;
 * screening happens on detection, so an illicit sender (which wins over a disabled channel: the
 * stronger reason to hold) or a disabled channel puts it on hold at once, whatever its
 * confirmations; otherwise one confirmation completes it and none leaves it pending.
 */
export function planIncoming(p: {
  confirmations: number;
  illicit: boolean;
  channel: { status: ChannelStatus };
}): PaymentStep[] {
  const created: PaymentStep = { status: 'pending', status_context: null, event: 'created' };
  if (p.illicit)
    return [created, { status: 'on_hold', status_context: 'illicit_resource', event: 'on_hold' }];
  if (p.channel.status === 'disabled')
    return [created, { status: 'on_hold', status_context: 'channel_disabled', event: 'on_hold' }];
  if (p.confirmations >= 1)
    return [created, { status: 'completed', status_context: null, event: 'completed' }];
  return [created];
}
