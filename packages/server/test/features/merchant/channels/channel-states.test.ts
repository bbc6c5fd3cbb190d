import { describe, expect, it } from 'vitest';
import {
  canTransition,
  CHANNEL_PAYMENT_STATUSES,
  CHANNEL_PAYMENT_TARGETS,
  planIncoming,
  planTransition,
  type ChannelPaymentStatus,
  type ChannelStatus,
} from '../../../../src/features/merchant/channels/channel-states.js';

const enabled: { status: ChannelStatus } = { status: 'enabled' };
const disabled: { status: ChannelStatus } = { status: 'disabled' };

describe('channel payment transitions', () => {
  it('allows exactly the moves of CRYPTOPAY-API.md §3.2', () => {
    const allowed = CHANNEL_PAYMENT_STATUSES.flatMap((from) =>
      CHANNEL_PAYMENT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'pending→completed',
        'pending→on_hold',
        'pending→cancelled',
        'on_hold→completed',
        'on_hold→refunded',
      ].sort(),
    );
  });

  it('plans every allowed move with the event named after its target; only completing credits', () => {
    const moves: [ChannelPaymentStatus, (typeof CHANNEL_PAYMENT_TARGETS)[number]][] = [
      ['pending', 'completed'],
      ['pending', 'cancelled'],
      ['on_hold', 'completed'],
      ['on_hold', 'refunded'],
    ];
    for (const [from, to] of moves) {
      const plan = planTransition({ status: from }, { status: to }, enabled);
      expect(plan).toEqual({
        ok: true,
        step: { status: to, status_context: null, event: to },
        credits: to === 'completed',
        illicit: false,
      });
    }
  });

  it('refuses every forbidden move as invalid_state, naming what is allowed', () => {
    for (const from of CHANNEL_PAYMENT_STATUSES)
      for (const to of CHANNEL_PAYMENT_TARGETS) {
        if (canTransition(from, to)) continue;
        const plan = planTransition({ status: from }, { status: to }, enabled);
        expect(plan.ok).toBe(false);
        if (plan.ok) continue;
        expect(plan).toMatchObject({ field: 'status', code: 'invalid_state' });
      }
    expect(planTransition({ status: 'completed' }, { status: 'refunded' }, enabled)).toMatchObject({
      message: 'a completed channel payment cannot change status',
    });
    expect(planTransition({ status: 'on_hold' }, { status: 'cancelled' }, enabled)).toMatchObject({
      message: 'a on_hold channel payment can only become completed or refunded, not cancelled',
    });
  });

  it('a hold takes its context from the caller, else from the channel', () => {
    const hold = (ctx: string | undefined, channel = enabled) =>
      planTransition({ status: 'pending' }, { status: 'on_hold', status_context: ctx }, channel);
    expect(hold(undefined)).toMatchObject({
      ok: true,
      step: { status: 'on_hold', status_context: 'illicit_resource', event: 'on_hold' },
      illicit: true,
      credits: false,
    });
    expect(hold(undefined, disabled)).toMatchObject({
      ok: true,
      step: { status_context: 'channel_disabled' },
      illicit: false,
    });
    expect(hold('channel_disabled')).toMatchObject({
      ok: true,
      step: { status_context: 'channel_disabled' },
    });
    expect(hold('illicit_resource', disabled)).toMatchObject({
      ok: true,
      step: { status_context: 'illicit_resource' },
      illicit: true,
    });
    expect(hold('overpaid')).toEqual({
      ok: false,
      field: 'status_context',
      code: 'must_be_included_in',
      message: 'must be one of: illicit_resource, channel_disabled',
      list: ['illicit_resource', 'channel_disabled'],
    });
  });

  it('only on_hold takes a status_context', () => {
    expect(
      planTransition(
        { status: 'pending' },
        { status: 'completed', status_context: 'illicit_resource' },
        enabled,
      ),
    ).toMatchObject({ ok: false, field: 'status_context', code: 'invalid' });
    expect(
      planTransition({ status: 'pending' }, { status: 'completed', status_context: null }, enabled),
    ).toMatchObject({ ok: true });
  });
});

describe('an incoming payment', () => {
  const steps = (confirmations: number, illicit: boolean, channel = enabled) =>
    planIncoming({ confirmations, illicit, channel }).map((s) =>
      [s.event, s.status, s.status_context].join('/'),
    );

  it('is created pending; a confirmation completes it', () => {
    expect(steps(0, false)).toEqual(['created/pending/']);
    expect(steps(1, false)).toEqual(['created/pending/', 'completed/completed/']);
    expect(steps(6, false)).toEqual(['created/pending/', 'completed/completed/']);
  });

  it('is held at once when the sender is illicit or the channel disabled, whatever its confirmations', () => {
    for (const c of [0, 1]) {
      expect(steps(c, true)).toEqual(['created/pending/', 'on_hold/on_hold/illicit_resource']);
      expect(steps(c, false, disabled)).toEqual(['created/pending/', 'on_hold/on_hold/channel_disabled']);
      // Illicit is the stronger reason and wins over a disabled channel.
      expect(steps(c, true, disabled)).toEqual(['created/pending/', 'on_hold/on_hold/illicit_resource']);
    }
  });
});
