// Callback delivery rate (a child process, pinned by run.mjs). Prints one JSON line.
// Input: { mode: 'worker'|'undici', n, concurrency, receiverUrl, env }
//  - worker: N callbacks are enqueued with enqueueCallback (not timed), then the real CallbackWorker
//    (the SSRF-checked agent, the real claim/record code) delivers them; timed from start until the
//    N-th result is committed (the worker counts an outcome only after its transaction commits).
//  - undici: a bare loop posting the same bodies to the same receiver with the same concurrency.
import { Agent } from 'undici';
import { CALLBACK_EVENT } from './callback-event.mjs';

const { mode, n, concurrency, receiverUrl, env } = JSON.parse(process.argv[2]);

const event = CALLBACK_EVENT;

async function runUndici() {
  const body = Buffer.from(JSON.stringify(event));
  const url = new URL(receiverUrl);
  const agent = new Agent();
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'bench',
    'X-Cryptopay-Signature': 'x'.repeat(64),
  };
  let sent = 0;
  let ok = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < n) {
        sent++;
        const res = await agent.request({
          origin: url.origin,
          path: url.pathname,
          method: 'POST',
          headers,
          body,
        });
        await res.body.text();
        if (res.statusCode === 200) ok++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return { mode, n, delivered: ok, seconds, per_s: ok / seconds };
}

async function runWorker() {
  const {
    loadConfig,
    createSignetContext,
    insertAccount,
    enqueueCallback,
    tx,
    CallbackWorker,
    createAddressPolicy,
    createCallbackAgent,
  } = await import('./server-entry.mjs');

  const config = loadConfig({
    ...env,
    SIGNET_LOG_LEVEL: 'silent',
    SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8',
    SIGNET_WORKER_CONCURRENCY: String(concurrency),
  });
  const ctx = await createSignetContext(config);
  const db = ctx.db.kysely;
  const account = await insertAccount(ctx, db, 'Bench callbacks', 'active');
  await db.updateTable('accounts').set({ callback_url: receiverUrl }).where('id', '=', account.id).execute();
  for (let done = 0; done < n;) {
    const batch = Math.min(250, n - done);
    await tx(ctx, async (t) => {
      for (let i = 0; i < batch; i++) await enqueueCallback(ctx, t, { accountId: account.id, ...event });
    });
    done += batch;
  }

  // The same worker createWorker() builds for `signet serve` / `signet worker`, with metrics that
  // tell us when outcomes are committed.
  let delivered = 0;
  let other = 0;
  let finish;
  const allDone = new Promise((resolve) => (finish = resolve));
  const errors = [];
  const metrics = {
    latency: { observe() {} },
    deliveries: {
      inc({ outcome }) {
        if (outcome === 'delivered') delivered++;
        else other++;
        if (delivered + other >= n) finish();
      },
    },
  };
  const worker = new CallbackWorker(ctx, {
    dispatcher: createCallbackAgent({ policy: createAddressPolicy(config.callbackAllowNetworks) }),
    concurrency,
    metrics,
    onError: (err) => errors.push(String(err?.message ?? err)),
  });
  const started = performance.now();
  worker.start();
  const timeout = setTimeout(() => finish(), 120_000);
  await allDone;
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(timeout);
  await worker.stop();
  const row = await db
    .selectFrom('callbacks')
    .select((eb) => eb.fn.countAll().as('c'))
    .where('status', '=', 'delivered')
    .executeTakeFirstOrThrow();
  await ctx.db.close();
  return {
    mode,
    n,
    delivered,
    delivered_in_db: Number(row.c),
    other,
    seconds,
    per_s: delivered / seconds,
    errors: errors.slice(0, 3),
  };
}

const result = mode === 'undici' ? await runUndici() : await runWorker();
console.log(JSON.stringify(result));
process.exit(0);
