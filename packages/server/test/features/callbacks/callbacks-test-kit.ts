import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { verifyCallback } from '../../../../client/src/index.js';
import type { Received } from '../../support/callback-receiver.js';
import { signup, type DashboardUser, type TestApp } from '../../support/test-app.js';

/**
 * The settings a test app needs to deliver to the test receivers and walk the retry schedule:
 * receivers on loopback are let through, and dashboard sessions outlive the 6.5 simulated days of
 * the schedule.
 */
export const CALLBACK_TEST_ENV = {
  SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8',
  SIGNET_SESSION_IDLE_MINUTES: '100000',
  SIGNET_SESSION_MAX_HOURS: '10000',
};

/** A new account whose callbacks go to `receiverUrl`; returns its Root. */
export async function accountWithReceiver(t: TestApp, receiverUrl: string): Promise<DashboardUser> {
  const root = await signup(t.app);
  const put = await root.request('PUT', '/callback-settings', { callback_url: receiverUrl });
  expect(put.statusCode).toBe(200);
  return root;
}

/**
 * The one callback `receiver` got, checked to be signed with `secret` both as an integration checks
 * it (the client package) and as the protocol defines it (hex HMAC-SHA256 of the body as sent).
 */
export function onlyDeliverySignedWith(receiver: { received: Received[] }, secret: string): Received {
  expect(receiver.received).toHaveLength(1);
  const got = receiver.received[0]!;
  const signature = got.headers['x-cryptopay-signature'] as string;
  expect(verifyCallback(got.body, signature, secret)).toBe(true);
  expect(signature).toBe(createHmac('sha256', secret).update(got.body).digest('hex'));
  return got;
}

/** What the walk reads of a callback in the dashboard history. */
interface Scheduled {
  status: string;
  next_attempt_at: string | null;
}

/**
 * Drives one callback whose receiver keeps failing through the whole retry schedule on the test
 * clock: the first attempt and 20 retries (the protocol's number, written here rather than read from
 * the code under test). Each attempt must be made exactly when `next_attempt_at` says, and the
 * callback stays pending until the last attempt fails.
 *
 * Returns the seconds between consecutive attempts, and the callback as `latest` shows it after the
 * last attempt, for the caller to check against the schedule and the final state it expects.
 */
export async function walkRetrySchedule<C extends Scheduled>(
  t: TestApp,
  worker: { runOnce(): Promise<number> },
  latest: () => Promise<C | undefined>,
): Promise<{ offsets: number[]; last: C | undefined }> {
  const attemptTimes: number[] = [];
  let last: C | undefined;
  for (let i = 0; i < 21; i++) {
    attemptTimes.push(t.clock.now.getTime());
    expect(await worker.runOnce()).toBe(1);
    last = await latest();
    if (i < 20) {
      expect(last!.status).toBe('pending');
      // Nothing is due a millisecond early.
      t.clock.now = new Date(Date.parse(last!.next_attempt_at!) - 1);
      expect(await worker.runOnce()).toBe(0);
      t.clock.advance(1);
    }
  }
  const offsets = attemptTimes.slice(1).map((at, n) => (at - attemptTimes[n]!) / 1000);
  return { offsets, last };
}
