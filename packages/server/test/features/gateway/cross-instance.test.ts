import { afterAll, beforeAll, expect, it } from 'vitest';
import { sleep, waitUntil } from '../../support/eventually.js';
import { signup, startPeerApp, type DashboardUser, type TestApp } from '../../support/test-app.js';
import { createKey, signedCallOn, type CreatedKey } from '../merchant-auth/merchant-test-kit.js';
import { ordersConfig, startGatewayApp } from './gateway-fixture.js';
import { startRecordingUpstream } from './recording-upstream.js';

// Two Signet instances on one database, both fronting the same upstream: `a` takes the dashboard
// actions, `b` serves the gateway. On PostgreSQL the deletion reaches `b` by NOTIFY; on SQLite by
// the key cache's bounded staleness. Either way: within one second.
let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
let a: TestApp;
let b: TestApp;
let root: DashboardUser;

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  a = await startGatewayApp(ordersConfig(upstream.url));
  b = await startPeerApp(a);
  root = await signup(a.app, 'Two Gateways Ltd');
});
afterAll(async () => {
  await b.close();
  await a.close();
  await upstream.close();
});

const onB = (key: CreatedKey) =>
  signedCallOn(b.app, new Date(), key, { method: 'GET', path: '/v1/orders/1' });

it("a key deleted on one instance fails through the other instance's gateway within a second", async () => {
  const key = await createKey(root, ['orders:read']);
  // Until b has it cached (a look-up overlapping the creation notice is not cached).
  await waitUntil(
    async () => (await onB(key)).statusCode === 201 && b.app.keyAuth.cache.has(key.api_key),
    2000,
  );
  expect(b.app.keyAuth.cache.has(key.api_key)).toBe(true);
  const forwardedBefore = upstream.received.length;

  expect((await root.request('DELETE', `/api-keys/${key.id}`)).statusCode).toBe(204);
  const deletedAt = performance.now();
  let status = 201;
  let forwardedAfterDelete = 0;
  while (performance.now() - deletedAt < 3000) {
    const res = await onB(key);
    status = res.statusCode;
    if (status !== 201) break;
    forwardedAfterDelete++;
    await sleep(10);
  }
  const elapsed = performance.now() - deletedAt;
  expect(status).toBe(401);
  expect(elapsed).toBeLessThan(1000);
  expect(upstream.received.length).toBe(forwardedBefore + forwardedAfterDelete);
});
