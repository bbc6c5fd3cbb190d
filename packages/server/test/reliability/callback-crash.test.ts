import { afterAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  freePort,
  freshStorage,
  HttpSession,
  startSignet,
  type SignetProcess,
  type Storage,
} from './signet-process.js';

/**
 * kill -9 with callbacks in flight and pending: after a restart every acknowledged event reaches
 * the receiver at least once. Leases of the killed process expire (3 × the 10 s delivery timeout)
 * and the restarted worker claims those callbacks again.
 */
describe('callbacks survive kill -9', () => {
  let storage: Storage;
  let server: SignetProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    await storage?.cleanup();
  });

  it('every acknowledged event is delivered at least once after a crash and restart', async () => {
    storage = await freshStorage();
    // Slow enough that deliveries are mid-flight when the process dies.
    const receiver = await startSlowReceiver(150);
    const seen = new Set<string>();
    const env = {
      ...storage.env,
      SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8',
      SIGNET_WORKER_CONCURRENCY: '4',
    };
    const port = await freePort();
    server = await startSignet('serve', env, port);

    const session = new HttpSession(server.url);
    const signup = await session.request('POST', '/signup', {
      business_name: 'Crash',
      email: 'crash@example.com',
      password: 'correct horse battery',
    });
    expect(signup.status).toBe(201);
    expect((await session.request('PUT', '/callback-settings', { callback_url: receiver.url })).status).toBe(
      200,
    );

    const acknowledged: string[] = [];
    let killed = false;
    // Two senders: events are enqueued faster than the slow receiver takes them, so at the kill
    // some are pending and some are mid-delivery (received, never answered).
    const sender = async () => {
      for (let i = 0; i < 400 && !killed; i++) {
        try {
          const res = await session.request('POST', '/callbacks/test');
          if (res.status === 202) acknowledged.push(res.json.id);
        } catch {
          break; // the process died under us: that request was never acknowledged
        }
      }
    };
    const sending = Promise.all([sender(), sender()]);
    // Let some deliveries and some enqueues happen, then pull the plug.
    const waitUntil = Date.now() + 30_000;
    while (receiver.received.length < 20 && Date.now() < waitUntil)
      await new Promise((r) => setTimeout(r, 10));
    const inFlightAtKill = receiver.inFlight();
    await server.kill('SIGKILL');
    killed = true;
    await sending;
    const deliveredBeforeCrash = receiver.received.length;
    expect(receiver.received.length).toBeGreaterThanOrEqual(20);
    expect(acknowledged.length).toBeGreaterThan(deliveredBeforeCrash);
    expect(inFlightAtKill).toBeGreaterThan(0);

    server = await startSignet('serve', env, port);
    const deadline = Date.now() + 120_000;
    for (;;) {
      for (const r of receiver.received) seen.add(r.headers['x-signet-event-id'] as string);
      const pending = await session.request('GET', '/callbacks?status=pending&limit=1');
      if (pending.status === 200 && pending.json.data.length === 0) break;
      if (Date.now() > deadline) throw new Error('callbacks still pending two minutes after restart');
      await new Promise((r) => setTimeout(r, 500));
    }

    // Every acknowledged callback is delivered, and its event id reached the receiver.
    const byId = new Map<string, { status: string; event_id: string }>();
    let cursor = '';
    for (;;) {
      const page = await session.request(
        'GET',
        `/callbacks?limit=100${cursor ? `&starting_after=${cursor}` : ''}`,
      );
      for (const c of page.json.data) byId.set(c.id, c);
      if (!page.json.meta.has_more) break;
      cursor = page.json.data.at(-1).id;
    }
    for (const r of receiver.received) seen.add(r.headers['x-signet-event-id'] as string);
    const lost = acknowledged.filter(
      (id) => byId.get(id)?.status !== 'delivered' || !seen.has(byId.get(id)!.event_id),
    );
    expect(lost).toEqual([]);
    console.log(
      `crash test: ${acknowledged.length} acknowledged, ${deliveredBeforeCrash} received before kill -9 ` +
        `(${inFlightAtKill} mid-delivery), ` +
        `${receiver.received.length} deliveries in all (${receiver.received.length - seen.size} duplicates from the crash)`,
    );
    await receiver.close();
  });
});

/** Records each callback when its body has arrived and answers 200 only `delayMs` later. */
async function startSlowReceiver(delayMs: number) {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let open = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      open++;
      setTimeout(() => {
        open--;
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    received,
    inFlight: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
