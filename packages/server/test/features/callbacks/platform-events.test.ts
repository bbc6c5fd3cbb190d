import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCallback } from '../../../../client/src/index.js';
import { createWorker } from '../../../src/features/callbacks/index.js';
import { retryDelaySeconds } from '../../../src/features/callbacks/worker/retry-schedule.js';
import { startReceiver } from '../../support/callback-receiver.js';
import {
  expectEnvelope,
  signup,
  startTestApp,
  type DashboardUser,
  type TestApp,
} from '../../support/test-app.js';
import { createServiceToken, platformRequest, type TestServiceToken } from '../platform/platform-test-kit.js';
import {
  accountWithReceiver,
  onlyDeliverySignedWith,
  CALLBACK_TEST_ENV,
  walkRetrySchedule,
} from './callbacks-test-kit.js';

/**
 * `POST /platform/v1/accounts/{id}/events`: the operator's backend publishes an event, and Signet
 * delivers it as one of its own callbacks (same outbox, body, signature, retries, history, resend
 * and metrics), marked `source: 'platform'` in the history.
 */
let t: TestApp;
let publisher: TestServiceToken;
beforeAll(async () => {
  t = await startTestApp(CALLBACK_TEST_ENV);
  publisher = await createServiceToken(t, ['events:write']);
});
afterAll(() => t.close());

/** The worker `signet serve` runs (SSRF-checked agent, the context's metrics), on the test clock. */
const worker = () => createWorker(t.ctx);

const publish = (
  accountId: string,
  body: unknown,
  headers: Record<string, string> = {},
  token: string | null = publisher.token,
) => platformRequest(t, token, 'POST', `/accounts/${encodeURIComponent(accountId)}/events`, body, headers);

interface HistoryItem {
  id: string;
  event_id: string;
  type: string;
  event: string;
  source: string;
  status: string;
  next_attempt_at: string | null;
  attempts: { http_status: number | null; error: string | null }[];
}

async function history(user: DashboardUser): Promise<HistoryItem[]> {
  const res = await user.request('GET', '/callbacks?limit=100');
  expect(res.statusCode).toBe(200);
  return res.json().data as HistoryItem[];
}

const secretOf = async (root: DashboardUser) =>
  (await root.request('GET', '/callback-settings/secret')).json().callback_secret as string;

async function deliveredCount(): Promise<number> {
  const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  const m = /^signet_callback_deliveries_total\{outcome="delivered"\} (\d+)/m.exec(text);
  return m ? Number(m[1]) : 0;
}

const event = {
  type: 'Subscription',
  event: 'renewed',
  data: { id: 'sub_42', plan: 'pro', amount: '19.00', nested: { ok: true, list: [1, 2, 3] } },
};

describe('platform events API', () => {
  it('a published event reaches a real receiver signed with the account callback secret, like Signet’s own', async () => {
    const receiver = await startReceiver();
    const root = await accountWithReceiver(t, receiver.url);
    const secret = await secretOf(root);
    const before = await deliveredCount();

    const res = await publish(root.body.account.id, event);
    expect(res.statusCode).toBe(202);
    const accepted = res.json() as { id: string; event_id: string };
    expect(Object.keys(accepted)).toEqual(['id', 'event_id']);
    expect(await worker().runOnce()).toBe(1);

    const got = onlyDeliverySignedWith(receiver, secret);
    // The body is exactly {type, event, data}, as Signet's own callbacks are.
    expect(got.body).toBe(JSON.stringify(event));
    expect(got.headers['x-signet-event-id']).toBe(accepted.event_id);
    expect(got.headers['x-signet-attempt']).toBe('1');
    expect(await deliveredCount()).toBe(before + 1);

    // Signet's own test callback beside it: the history tells the two apart.
    expect((await root.request('POST', '/callbacks/test')).statusCode).toBe(202);
    await worker().runOnce();
    const [own, published] = await history(root);
    expect(own).toMatchObject({ type: 'Test', source: 'signet', status: 'delivered' });
    expect(published).toMatchObject({
      id: accepted.id,
      event_id: accepted.event_id,
      type: 'Subscription',
      event: 'renewed',
      source: 'platform',
      status: 'delivered',
      attempts: [expect.objectContaining({ http_status: 200, error: null })],
    });
    expect((await history(root)).filter((c) => c.source === 'platform')).toHaveLength(1);

    // Audited in the account's log with the service token as the actor.
    const log = (await root.request('GET', '/audit-log?limit=100')).json().data as {
      action: string;
      actor: string;
      target: string | null;
    }[];
    expect(log.filter((e) => e.action === 'callback.published')).toEqual([
      expect.objectContaining({ actor: `token:${publisher.name}`, target: accepted.id }),
    ]);
    await receiver.close();
  });

  it('a failing receiver gets every retry at 30 + n^4 + n seconds until failed; a dashboard resend delivers the same event', async () => {
    let status = 500;
    const receiver = await startReceiver(() => status);
    const root = await accountWithReceiver(t, receiver.url);
    const accepted = (await publish(root.body.account.id, event)).json() as { id: string; event_id: string };
    // Read while the login is a fresh step-up: the walk below moves the clock days ahead.
    const secret = await secretOf(root);
    const w = worker();
    const { offsets, last: failed } = await walkRetrySchedule(t, w, async () => (await history(root))[0]);
    expect(failed).toMatchObject({ status: 'failed', next_attempt_at: null, source: 'platform' });
    expect(offsets).toEqual(Array.from({ length: 20 }, (_, n) => retryDelaySeconds(n)));
    expect(receiver.received.map((r) => r.headers['x-signet-attempt'])).toEqual(
      Array.from({ length: 21 }, (_, i) => String(i + 1)),
    );
    expect(new Set(receiver.received.map((r) => r.headers['x-signet-event-id']))).toEqual(
      new Set([accepted.event_id]),
    );

    status = 200;
    expect((await root.request('POST', `/callbacks/${accepted.id}/resend`)).statusCode).toBe(202);
    expect(await w.runOnce()).toBe(1);
    const [resent] = await history(root);
    expect(resent).toMatchObject({ id: accepted.id, status: 'delivered', source: 'platform' });
    expect(resent!.attempts).toHaveLength(22);
    const last = receiver.received.at(-1)!;
    expect(last.headers['x-signet-event-id']).toBe(accepted.event_id);
    expect(last.body).toBe(JSON.stringify(event));
    expect(verifyCallback(last.body, last.headers['x-cryptopay-signature'] as string, secret)).toBe(true);
    await receiver.close();
  });

  it('an account without a callback URL accepts the event and records it as not sent', async () => {
    const root = await signup(t.app);
    const res = await publish(root.body.account.id, event);
    expect(res.statusCode).toBe(202);
    expect(await worker().runOnce()).toBe(0);
    expect(await history(root)).toEqual([
      expect.objectContaining({
        id: res.json().id,
        status: 'not_sent',
        source: 'platform',
        next_attempt_at: null,
        attempts: [],
      }),
    ]);
  });

  it('an unknown account is 404; no token 401; a token without events:write 403 naming the scope', async () => {
    const unknown = expectEnvelope(await publish('acc_does_not_exist', event), 404, 'not_found');
    expect(unknown.error.message).toMatch(/account/);

    const root = await signup(t.app);
    expectEnvelope(await publish(root.body.account.id, event, {}, null), 401, 'unauthenticated');
    const reader = await createServiceToken(t, ['accounts:read', 'accounts:write']);
    const denied = expectEnvelope(
      await publish(root.body.account.id, event, {}, reader.token),
      403,
      'unauthorized',
    );
    expect(denied.error.details).toEqual([{ reason: 'missing_scope', scope: 'events:write' }]);
    expect(await history(root)).toEqual([]);
  });

  it('bad input is 422 with one detail per field', async () => {
    const root = await signup(t.app);
    const id = root.body.account.id;
    const fields = async (body: unknown, headers: Record<string, string> = {}) => {
      const res = expectEnvelope(await publish(id, body, headers), 422, 'validation_failed');
      return res.error.details.map((d) => d.field).sort();
    };
    expect(await fields({})).toEqual(['data', 'event', 'type']);
    expect(await fields({ type: '', event: 'x'.repeat(101), data: [] })).toEqual(['data', 'event', 'type']);
    expect(await fields({ type: 'A', event: 'b', data: 'text' })).toEqual(['data']);
    expect(await fields({ type: 'A', event: 'b', data: null })).toEqual(['data']);
    expect(await fields({ type: 42, event: 'b', data: {} })).toEqual(['type']);
    expect(await fields({ type: 'A\u0000', event: 'b', data: {} })).toEqual(['type']);
    expect(await fields({ ...event }, { 'idempotency-key': 'k'.repeat(256) })).toEqual([
      'headers.idempotency-key',
    ]);
    // At the limits it is accepted.
    const ok = await publish(id, { type: 'T'.repeat(100), event: 'e'.repeat(100), data: {} });
    expect(ok.statusCode).toBe(202);
    expect(await history(root)).toHaveLength(1);
  });

  it('the same Idempotency-Key sent twice concurrently yields one event; a later retry answers it too', async () => {
    const receiver = await startReceiver();
    const root = await accountWithReceiver(t, receiver.url);
    const id = root.body.account.id;
    const headers = { 'idempotency-key': 'publish-7f3a' };
    const answers = await Promise.all([publish(id, event, headers), publish(id, event, headers)]);
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202]);
    const [first, second] = answers.map((a) => a.json() as { id: string; event_id: string });
    expect(second).toEqual(first);

    const retried = await publish(id, event, headers);
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toEqual(first);
    // The same request with its members in another order is the same request.
    const reordered = {
      data: { nested: { list: [1, 2, 3], ok: true }, amount: '19.00', plan: 'pro', id: 'sub_42' },
      event: 'renewed',
      type: 'Subscription',
    };
    const again = await publish(id, reordered, headers);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first);

    const items = await history(root);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: first!.id, source: 'platform' });
    expect(await worker().runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    // One audit line: the replays made nothing.
    const log = (await root.request('GET', '/audit-log?limit=100')).json().data as { action: string }[];
    expect(log.filter((e) => e.action === 'callback.published')).toHaveLength(1);

    // Without a key every publish is a new event.
    await Promise.all([publish(id, event), publish(id, event)]);
    expect(await history(root)).toHaveLength(3);
    await receiver.close();
  });

  it('many concurrent publishes with one key make one event', async () => {
    const root = await signup(t.app);
    const headers = { 'idempotency-key': 'burst' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => publish(root.body.account.id, event, headers)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(202));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    const rows = await t.ctx.db.kysely
      .selectFrom('callbacks')
      .select(['id', 'idempotency_key'])
      .where('account_id', '=', root.body.account.id)
      .execute();
    expect(rows).toEqual([{ id: answers[0]!.json().id, idempotency_key: 'burst' }]);
  });

  it('the same key with another body is 409; keys are per account', async () => {
    const a = await signup(t.app);
    const b = await signup(t.app);
    const headers = { 'idempotency-key': 'shared-key' };
    const first = await publish(a.body.account.id, event, headers);
    expect(first.statusCode).toBe(202);
    const other = expectEnvelope(
      await publish(a.body.account.id, { ...event, event: 'cancelled' }, headers),
      409,
      'conflict',
    );
    expect(other.error.details).toEqual([
      { field: 'headers.idempotency-key', reason: 'idempotency_key_reused' },
    ]);
    expect(await history(a)).toHaveLength(1);

    // Another account's publisher may use the same key: its own event.
    const inB = await publish(b.body.account.id, event, headers);
    expect(inB.statusCode).toBe(202);
    expect(inB.json().id).not.toBe(first.json().id);
    expect(await history(b)).toHaveLength(1);
  });

  it('is in /openapi.json with its request and 202 response schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: unknown;
            parameters?: { in: string; name: string }[];
            responses: Record<string, { content?: unknown }>;
          }
        >
      >;
    };
    const op = doc.paths['/platform/v1/accounts/{id}/events']?.post;
    expect(op).toBeDefined();
    expect(op!.requestBody).toBeDefined();
    expect(op!.responses['202']?.content).toBeDefined();
    expect(op!.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'path', name: 'id' }),
        expect.objectContaining({ in: 'header', name: 'idempotency-key' }),
      ]),
    );
  });
});
