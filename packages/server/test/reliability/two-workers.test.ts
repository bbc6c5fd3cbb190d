import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createSignetContext, enqueueCallback, insertAccount, loadConfig, tx } from '../../src/index.js';
import { freshStorage, PG_URL, startSignet, type SignetProcess, type Storage } from './signet-process.js';

/**
 * Two `signet worker` processes share one queue — PostgreSQL (SKIP LOCKED), or one SQLite file
 * (serialised writers): 1,000 events, none delivered by both at the same time, none lost. The
 * receiver always answers 200, so any duplicate at all would be a bug.
 */
describe(`two workers on one ${PG_URL ? 'PostgreSQL' : 'SQLite'} database`, () => {
  let storage: Storage;
  const workers: SignetProcess[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    await storage?.cleanup();
  });

  it('deliver 1,000 events exactly once between them', async () => {
    storage = await freshStorage();
    const inFlight = new Set<string>();
    const deliveries = new Map<string, number>();
    let concurrentDuplicates = 0;
    const receiver = http.createServer((req, res) => {
      const id = req.headers['x-signet-event-id'] as string;
      if (inFlight.has(id)) concurrentDuplicates++;
      inFlight.add(id);
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          inFlight.delete(id);
          res.writeHead(200).end('ok');
        }, 2),
      );
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb`;

    const config = loadConfig({ ...storage.env, SIGNET_LOG_LEVEL: 'silent' });
    const ctx = await createSignetContext(config);
    const account = await insertAccount(ctx, ctx.db.kysely, 'Queue', 'active');
    await ctx.db.kysely
      .updateTable('accounts')
      .set({ callback_url: url })
      .where('id', '=', account.id)
      .execute();
    const eventIds = new Set<string>();
    await tx(ctx, async (t) => {
      for (let i = 0; i < 1000; i++)
        await enqueueCallback(ctx, t, {
          accountId: account.id,
          type: 'Invoice',
          event: 'created',
          data: { i },
        });
    });
    for (const row of await ctx.db.kysely.selectFrom('callbacks').select('event_id').execute())
      eventIds.add(row.event_id);
    expect(eventIds.size).toBe(1000);

    const env = {
      ...storage.env,
      SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8',
      SIGNET_WORKER_CONCURRENCY: '8',
      // Two workers on one host: each picks a free port for its /metrics listener.
      SIGNET_WORKER_METRICS_PORT: '0',
    };
    const started = Date.now();
    workers.push(await startSignet('worker', env), await startSignet('worker', env));

    const deadline = Date.now() + 120_000;
    for (;;) {
      const row = await ctx.db.kysely
        .selectFrom('callbacks')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('status', '=', 'delivered')
        .executeTakeFirstOrThrow();
      if (Number(row.n) === 1000) break;
      if (Date.now() > deadline)
        throw new Error(
          `only ${row.n} delivered; worker output: ${workers.map((w) => w.output()).join('\n')}`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (Date.now() - started) / 1000;
    const owners = await ctx.db.kysely
      .selectFrom('callback_attempts')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await ctx.db.close();
    receiver.close();

    expect(concurrentDuplicates).toBe(0);
    expect([...eventIds].filter((id) => deliveries.get(id) !== 1)).toEqual([]);
    expect(Number(owners.n)).toBe(1000);
    console.log(
      `two workers: 1000 events delivered once each in ${seconds.toFixed(1)} s (${(1000 / seconds).toFixed(0)}/s)`,
    );
  });
});
