import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCallback } from '../../../../client/src/index.js';
import { createAddressPolicy, createCallbackAgent } from '../../../src/features/callbacks/delivery/index.js';
import { CallbackWorker } from '../../../src/features/callbacks/worker/callback-worker.js';
import { retryDelaySeconds } from '../../../src/features/callbacks/worker/retry-schedule.js';
import { signup, startTestApp, type DashboardUser, type TestApp } from '../../support/test-app.js';
import { startReceiver } from '../../support/callback-receiver.js';
import {
  accountWithReceiver,
  onlyDeliverySignedWith,
  CALLBACK_TEST_ENV,
  walkRetrySchedule,
} from './callbacks-test-kit.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(CALLBACK_TEST_ENV);
});
afterAll(() => t.close());

function worker(timeoutMs = 2000) {
  return new CallbackWorker(t.ctx, {
    dispatcher: createCallbackAgent({ policy: createAddressPolicy(t.config.callbackAllowNetworks) }),
    concurrency: 4,
    timeoutMs,
  });
}

async function history(user: DashboardUser) {
  const res = await user.request('GET', '/callbacks?limit=100');
  expect(res.statusCode).toBe(200);
  return res.json().data as {
    id: string;
    event_id: string;
    status: string;
    next_attempt_at: string | null;
    attempts: {
      at: string;
      http_status: number | null;
      error: string | null;
      duration_ms: number;
      response_excerpt: string | null;
    }[];
  }[];
}

describe('callback delivery through the outbox worker', () => {
  it('delivers a test callback signed with the current secret; the client package and a plain HMAC both verify it', async () => {
    const receiver = await startReceiver();
    const root = await accountWithReceiver(t, receiver.url);
    const secret = (await root.request('GET', '/callback-settings/secret')).json().callback_secret;
    expect((await root.request('POST', '/callbacks/test')).statusCode).toBe(202);
    expect(await worker().runOnce()).toBe(1);

    const got = onlyDeliverySignedWith(receiver, secret);
    expect(JSON.parse(got.body)).toMatchObject({
      type: 'Test',
      event: 'test',
      data: { account_id: root.body.account.id },
    });
    expect(got.headers['x-signet-attempt']).toBe('1');

    const [cb] = await history(root);
    expect(cb).toMatchObject({
      status: 'delivered',
      next_attempt_at: null,
      event_id: got.headers['x-signet-event-id'],
    });
    expect(cb!.attempts).toEqual([
      expect.objectContaining({ http_status: 200, error: null, response_excerpt: 'ok' }),
    ]);
    await receiver.close();
  });

  it('a receiver answering 500 gets every retry at exactly 30 + n^4 + n seconds, then the callback is failed; resend delivers', async () => {
    let status = 500;
    const receiver = await startReceiver(() => status);
    const root = await accountWithReceiver(t, receiver.url);
    await root.request('POST', '/callbacks/test');
    const w = worker();
    const { offsets, last } = await walkRetrySchedule(t, w, async () => (await history(root))[0]);
    expect(last!.status).toBe('failed');
    expect(last!.next_attempt_at).toBeNull();
    expect(offsets).toEqual(Array.from({ length: 20 }, (_, n) => retryDelaySeconds(n)));
    expect(offsets.reduce((a, b) => a + b, 0)).toBe(563_456);

    const [failed] = await history(root);
    expect(failed!.attempts).toHaveLength(21);
    expect(failed!.attempts.every((a) => a.http_status === 500 && a.error === 'HTTP 500')).toBe(true);
    expect(receiver.received.map((r) => r.headers['x-signet-attempt'])).toEqual(
      Array.from({ length: 21 }, (_, i) => String(i + 1)),
    );
    expect(new Set(receiver.received.map((r) => r.headers['x-signet-event-id'])).size).toBe(1);

    status = 200;
    expect((await root.request('POST', `/callbacks/${failed!.id}/resend`)).statusCode).toBe(202);
    expect(await w.runOnce()).toBe(1);
    const [resent] = await history(root);
    expect(resent!.status).toBe('delivered');
    expect(resent!.attempts).toHaveLength(22);
    expect(receiver.received.at(-1)!.headers['x-signet-event-id']).toBe(
      receiver.received[0]!.headers['x-signet-event-id'],
    );
    await receiver.close();
  });

  it('a receiver that times out or refuses connections is a failed attempt with the reason', async () => {
    const hanging = await startReceiver(() => 'hang');
    const root = await accountWithReceiver(t, hanging.url);
    await root.request('POST', '/callbacks/test');
    await worker(300).runOnce();
    const [timedOut] = await history(root);
    expect(timedOut!.status).toBe('pending');
    expect(timedOut!.attempts[0]).toMatchObject({
      http_status: null,
      error: expect.stringMatching(/timeout/),
    });
    await hanging.close();

    const closed = await startReceiver();
    const url = closed.url;
    await closed.close();
    const other = await accountWithReceiver(t, url);
    await other.request('POST', '/callbacks/test');
    await worker().runOnce();
    const [refused] = await history(other);
    expect(refused!.attempts[0]).toMatchObject({
      http_status: null,
      error: expect.stringMatching(/refused/),
    });
  });

  it('a regenerated secret signs the next attempt', async () => {
    let status = 500;
    const receiver = await startReceiver(() => status);
    const root = await accountWithReceiver(t, receiver.url);
    const oldSecret = (await root.request('GET', '/callback-settings/secret')).json().callback_secret;
    await root.request('POST', '/callbacks/test');
    const w = worker();
    await w.runOnce();
    const newSecret = (await root.request('POST', '/callback-settings/secret')).json().callback_secret;
    status = 200;
    t.clock.advance(30_000);
    await w.runOnce();
    const [first, second] = receiver.received;
    expect(verifyCallback(first!.body, first!.headers['x-cryptopay-signature'] as string, oldSecret)).toBe(
      true,
    );
    expect(verifyCallback(second!.body, second!.headers['x-cryptopay-signature'] as string, newSecret)).toBe(
      true,
    );
    expect(verifyCallback(second!.body, second!.headers['x-cryptopay-signature'] as string, oldSecret)).toBe(
      false,
    );
    expect(second!.body).toBe(first!.body);
    await receiver.close();
  });

  it('without a callback URL events are recorded as not sent, and the test endpoint asks for a URL', async () => {
    const root = await signup(t.app);
    const res = await root.request('POST', '/callbacks/test');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0]).toMatchObject({ field: 'callback_url' });
  });

  it('an invoice event without a callback URL is recorded as not sent; resent after a URL is set, it is delivered', async () => {
    const root = await signup(t.app);
    const created = await root.request('POST', '/sandbox/invoices', {
      price_amount: '10',
      price_currency: 'EUR',
      pay_currency: 'BTC',
    });
    expect(created.statusCode).toBe(201);
    const [cb] = await history(root);
    expect(cb).toMatchObject({ status: 'not_sent', attempts: [], next_attempt_at: null });
    expect((await root.request('GET', '/callbacks?status=not_sent')).json().data).toHaveLength(1);
    expect(await worker().runOnce()).toBe(0);

    const receiver = await startReceiver();
    await root.request('PUT', '/callback-settings', { callback_url: receiver.url });
    expect((await root.request('POST', `/callbacks/${cb!.id}/resend`)).statusCode).toBe(202);
    expect(await worker().runOnce()).toBe(1);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      type: 'Invoice',
      event: 'created',
      data: { id: created.json().data.id, status: 'new' },
    });
    expect((await history(root))[0]!.status).toBe('delivered');
    await receiver.close();
  });

  it('without the allow-list a loopback receiver is refused at connect time, shown in the history', async () => {
    const receiver = await startReceiver();
    const root = await accountWithReceiver(t, receiver.url);
    await root.request('POST', '/callbacks/test');
    const strict = new CallbackWorker(t.ctx, {
      dispatcher: createCallbackAgent({ policy: createAddressPolicy([]) }),
      concurrency: 1,
    });
    await strict.runOnce();
    const [cb] = await history(root);
    expect(cb!.attempts[0]!.error).toMatch(/refused.*127\.0\.0\.1/);
    expect(receiver.received).toHaveLength(0);
    await receiver.close();
  });

  it('history filters by status, pages with starting_after, and another account sees nothing', async () => {
    const receiver = await startReceiver();
    const root = await accountWithReceiver(t, receiver.url);
    for (let i = 0; i < 3; i++) await root.request('POST', '/callbacks/test');
    expect((await root.request('GET', '/callbacks?status=pending')).json().data).toHaveLength(3);
    await worker().runOnce();
    expect((await root.request('GET', '/callbacks?status=pending')).json().data).toHaveLength(0);
    const page1 = (await root.request('GET', '/callbacks?limit=2')).json();
    expect(page1.data).toHaveLength(2);
    expect(page1.meta.has_more).toBe(true);
    // The wire order of a history item (the serialiser emits the schema's key order).
    expect(Object.keys(page1.data[0])).toEqual([
      'id',
      'event_id',
      'type',
      'event',
      'source',
      'url',
      'status',
      'next_attempt_at',
      'created_at',
      'delivered_at',
      'attempts',
    ]);
    expect(Object.keys(page1.data[0].attempts[0])).toEqual([
      'at',
      'http_status',
      'error',
      'duration_ms',
      'response_excerpt',
    ]);
    const page2 = (await root.request('GET', `/callbacks?limit=2&starting_after=${page1.data[1].id}`)).json();
    expect(page2.data).toHaveLength(1);
    const other = await signup(t.app);
    expect((await other.request('GET', '/callbacks')).json().data).toEqual([]);
    expect((await other.request('POST', `/callbacks/${page1.data[0].id}/resend`)).statusCode).toBe(404);
    expect((await root.request('GET', '/callbacks?status=bogus')).statusCode).toBe(422);
    await receiver.close();
  });

  it('/metrics reports deliveries, latency and queue depth', async () => {
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/signet_callback_queue_depth \d+/);
    expect(text).toMatch(/signet_callback_oldest_pending_age_seconds/);
    expect(text).toMatch(/signet_callback_delivery_duration_seconds_bucket/);
  });
});
