// `npm run bench [-- --quick] [-- --only=part,…] [-- --out=dir]`: Signet's performance figures. See
// bench/README.md. Writes bench/results/latest.json (flat: one number per figure) and
// bench/results/latest.md, or the same two files in `--out`'s directory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CLIENT_DIST,
  ROOT,
  cpuMsOf,
  freshStorage,
  median,
  pgAvailable,
  pinned,
  pinning,
  runJsonChild,
  startServer,
  sleep,
} from './lib/env.mjs';
import {
  createServiceToken,
  insertExtraKeys,
  seedKey,
  seedMerchant,
  setCallbackUrl,
  signup,
} from './lib/seed.mjs';
import { CALLBACK_EVENT } from './lib/callback-event.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
// Where latest.json and latest.md go: bench/results unless `--out=<dir>` (a try-out of some parts
// need not overwrite the committed figures).
const outDir = path.resolve(
  process.argv.find((a) => a.startsWith('--out='))?.slice(6) ?? path.join(ROOT, 'bench/results'),
);
const P = quick
  ? {
      rounds: 2,
      seconds: 2,
      warmup: 2,
      keyRounds: 1,
      keyCounts: [10_000],
      cbN: 1000,
      cbRounds: 2,
      microRounds: 5,
      microIters: 20_000,
    }
  : {
      rounds: 5,
      seconds: 8,
      warmup: 4,
      keyRounds: 3,
      keyCounts: [10_000, 100_000],
      cbN: 4000,
      cbRounds: 3,
      microRounds: 9,
      microIters: 50_000,
    };
const CONNECTIONS = 10;
const GATEWAY_CONNECTIONS = [10, 100];
const WORKER_CONCURRENCY = 8;
const LOAD = path.join(ROOT, 'bench/lib/load.mjs');

const figures = {};
const notes = [];
const log = (...a) => console.log(...a);
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const wanted = (part) => !only || only.includes(part);

async function load(server, m, mode, duration) {
  return runJsonChild(1, LOAD, {
    url: server.url,
    path: `/api/invoices/${m.invoiceId}`,
    mode,
    apiKey: m.apiKey,
    apiSecret: m.apiSecret,
    accountId: m.accountId,
    duration,
    connections: CONNECTIONS,
  });
}

function check(r) {
  if (r.non2xx > 0 || r.errors > 0 || r.ok === 0)
    throw new Error(`${r.mode}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.ok} ok`);
}

/** Signed vs unsigned, alternated; then the signed run with 10k and 100k keys. */
async function httpBench(db) {
  const storage = await freshStorage(db);
  let server = await startServer(storage.env);
  try {
    const m = await seedMerchant(server.url);
    await load(server, m, 'signed', P.warmup);
    await load(server, m, 'unsigned', P.warmup);
    const signed = [];
    const unsigned = [];
    for (let i = 0; i < P.rounds; i++) {
      // Alternate which goes first, so drift in the machine's load hits both alike.
      const order = i % 2 === 0 ? ['signed', 'unsigned'] : ['unsigned', 'signed'];
      for (const mode of order) {
        const r = await load(server, m, mode, P.seconds);
        check(r);
        (mode === 'signed' ? signed : unsigned).push(r);
        log(`  [${db}] ${mode.padEnd(8)} ${fmt(r.rps, 0)} req/s  p50 ${fmt(r.p50)} ms  p99 ${fmt(r.p99)} ms`);
      }
    }
    const s = (k, arr) => median(arr.map((r) => r[k]));
    const sRps = s('rps', signed);
    const uRps = s('rps', unsigned);
    Object.assign(figures, {
      [`signed_rps_${db}`]: sRps,
      [`unsigned_rps_${db}`]: uRps,
      [`signed_p50_ms_${db}`]: s('p50', signed),
      [`signed_p99_ms_${db}`]: s('p99', signed),
      [`unsigned_p50_ms_${db}`]: s('p50', unsigned),
      [`unsigned_p99_ms_${db}`]: s('p99', unsigned),
      // Ratio of the pairs' medians: each round's pair ran back to back.
      [`signed_vs_unsigned_ratio_${db}`]: median(signed.map((r, i) => r.rps / unsigned[i].rps)),
      [`added_p99_ms_${db}`]: median(signed.map((r, i) => r.p99 - unsigned[i].p99)),
      [`added_p50_ms_${db}`]: median(signed.map((r, i) => r.p50 - unsigned[i].p50)),
      [`rss_mb_1_keys_${db}`]: server.rssMb(),
    });
    log(
      `  [${db}] signed/unsigned ${fmt(figures[`signed_vs_unsigned_ratio_${db}`], 3)} (medians ${fmt(sRps, 0)} / ${fmt(uRps, 0)} req/s)`,
    );

    if (!wanted('keys')) return;
    // Key-count scaling: the same signed run after inserting more keys; each size gets a fresh
    // server (RSS of that size alone) and the unsigned baseline alternates to normalise drift.
    let inserted = 0;
    const base = median(signed.map((r, i) => r.rps / unsigned[i].rps));
    for (const count of P.keyCounts) {
      const seconds = await insertExtraKeys(storage.env, m.accountId, count - 1 - inserted);
      inserted = count - 1;
      log(`  [${db}] ${count} keys in the database (insert ${fmt(seconds, 1)} s)`);
      await server.stop();
      server = await startServer(storage.env);
      await load(server, m, 'signed', P.warmup);
      const ratios = [];
      const rps = [];
      for (let i = 0; i < P.keyRounds; i++) {
        const a = await load(server, m, 'signed', P.seconds);
        const b = await load(server, m, 'unsigned', P.seconds);
        check(a);
        check(b);
        rps.push(a.rps);
        ratios.push(a.rps / b.rps);
      }
      const label = count >= 1000 ? `${count / 1000}k` : String(count);
      figures[`signed_rps_${label}_keys_${db}`] = median(rps);
      figures[`signed_vs_unsigned_ratio_${label}_keys_${db}`] = median(ratios);
      // Throughput relative to the 1-key run, normalised by the unsigned baseline of the same moment.
      figures[`keys_${label}_vs_1_key_${db}`] = median(ratios) / base;
      figures[`rss_mb_${label}_keys_${db}`] = server.rssMb();
      log(
        `  [${db}] ${count} keys: ${fmt(median(rps), 0)} req/s, signed/unsigned ${fmt(median(ratios), 3)} (x${fmt(median(ratios) / base, 3)} vs 1 key), RSS ${fmt(server.rssMb(), 0)} MB`,
      );
    }
  } finally {
    await server.stop();
    await storage.cleanup();
  }
}

/** A helper process (`node <script> [json]`, pinned to `cpu`) that prints {"port": n} and exits when stdin closes. */
async function startHelper(cpu, script, input) {
  const { cmd, args } = pinned(cpu, [script, ...(input ? [JSON.stringify(input)] : [])]);
  const proc = spawn(cmd, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    proc.stdout.once('data', (d) => resolve(JSON.parse(d).port));
    proc.once('exit', (code) => reject(new Error(`${path.basename(script)} exited ${code}`)));
  });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    cpuMs: () => cpuMsOf(proc.pid),
    async stop() {
      proc.stdin.end();
      await exited;
    },
  };
}

async function startReceiver() {
  const helper = await startHelper(1, path.join(ROOT, 'bench/lib/receiver.mjs'));
  return {
    url: `${helper.url}/callbacks`,
    /** {count, nth_ms}: how many POSTs arrived, and when (epoch ms) the nth did. */
    stats: async (nth) => (await fetch(`${helper.url}/stats?nth=${nth}`)).json(),
    stop: () => helper.stop(),
  };
}

/** The real worker vs a bare undici loop, same receiver, same concurrency, alternated. */
async function callbackBench(db) {
  const receiver = await startReceiver();
  const worker = [];
  const bare = [];
  try {
    for (let i = 0; i < P.cbRounds; i++) {
      for (const mode of i % 2 === 0 ? ['undici', 'worker'] : ['worker', 'undici']) {
        const storage = await freshStorage(db);
        try {
          const r = await runJsonChild(0, path.join(ROOT, 'bench/lib/callbacks.mjs'), {
            mode,
            n: P.cbN,
            concurrency: WORKER_CONCURRENCY,
            receiverUrl: receiver.url,
            env: storage.env,
          });
          if (mode === 'worker' && r.delivered_in_db !== P.cbN)
            throw new Error(`worker delivered ${r.delivered_in_db}/${P.cbN}: ${JSON.stringify(r)}`);
          (mode === 'worker' ? worker : bare).push(r.per_s);
          log(`  [${db}] ${mode.padEnd(6)} ${fmt(r.per_s, 0)} callbacks/s (${r.n} in ${fmt(r.seconds)} s)`);
        } finally {
          await storage.cleanup();
        }
      }
    }
  } finally {
    await receiver.stop();
  }
  figures[`callbacks_per_s_${db}`] = median(worker);
  figures[`undici_posts_per_s_${db}`] = median(bare);
  figures[`callbacks_vs_undici_ratio_${db}`] = median(worker.map((w, i) => w / bare[i]));
  log(`  [${db}] worker/undici ${fmt(figures[`callbacks_vs_undici_ratio_${db}`], 3)}`);
}

/** Polls `read` every 20 ms until it returns a value other than undefined; throws after `ms`. */
async function waitFor(what, ms, read) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(20);
  }
}

/** The server's committed delivery count (signet_callback_deliveries_total{outcome="delivered"}). */
async function deliveredPerMetrics(server) {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^signet_callback_deliveries_total\{outcome="delivered"\} (\d+)/m.exec(text)?.[1] ?? 0);
}

/** `values`' median as `name`, and their spread as `name_min` / `name_max`. */
function withSpread(name, values) {
  figures[name] = median(values);
  figures[`${name}_min`] = Math.min(...values);
  figures[`${name}_max`] = Math.max(...values);
}

/**
 * The platform events API end to end: the bench server with its worker (as `signet serve` runs
 * it), an account whose callback URL is a receiver on 127.0.0.1, N events published with
 * `POST /platform/v1/accounts/{id}/events` (a service token with events:write; autocannon, a fixed
 * amount). Delivered per second: from the first publish to the N-th receipt at the receiver.
 * Each round has fresh storage, server and receiver.
 */
async function platformEventsBench(db) {
  const delivered = [];
  const publishRps = [];
  const publishP99 = [];
  const cpuUs = [];
  for (let i = 0; i < P.cbRounds; i++) {
    const receiver = await startReceiver();
    const storage = await freshStorage(db);
    let server;
    try {
      // The same network exception as the callbacks part: the receiver is on 127.0.0.1.
      const workerEnv = {
        SIGNET_WORKER: 'true',
        SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8',
        SIGNET_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
      };
      server = await startServer(storage.env, workerEnv);
      const { accountId, dash } = await signup(server.url);
      await setCallbackUrl(server.url, dash, receiver.url);
      const { token } = createServiceToken({ ...storage.env, ...workerEnv }, ['events:write']);
      const cpuBefore = server.cpuMs();
      const r = await runJsonChild(1, LOAD, {
        url: server.url,
        target: `/platform/v1/accounts/${accountId}/events`,
        mode: 'publish',
        bearer: token,
        body: CALLBACK_EVENT,
        amount: P.cbN,
        connections: CONNECTIONS,
      });
      check(r);
      if (r.ok !== P.cbN) throw new Error(`publish: ${r.ok}/${P.cbN} accepted: ${JSON.stringify(r)}`);
      const nthMs = await waitFor(`receipt ${P.cbN}`, 120_000, async () => {
        const stats = await receiver.stats(P.cbN);
        return stats.nth_ms ?? undefined;
      });
      // The server's CPU (API and worker) per event: far below 1 s ÷ the rate means it waits (disk).
      const cpu = ((server.cpuMs() - cpuBefore) * 1000) / P.cbN;
      // Not timed: every delivery's result is committed too (the worker counts it only then).
      await waitFor(`${P.cbN} committed deliveries`, 30_000, async () =>
        (await deliveredPerMetrics(server)) >= P.cbN ? true : undefined,
      );
      const { count } = await receiver.stats(P.cbN);
      if (count !== P.cbN) {
        log(`  WARNING platform events: the receiver got ${count} POSTs for ${P.cbN} events`);
        notes.push(`platform events (${db}): the receiver got ${count} POSTs for ${P.cbN} events.`);
      }
      const seconds = (nthMs - r.started_ms) / 1000;
      delivered.push(P.cbN / seconds);
      publishRps.push(r.rps);
      publishP99.push(r.p99);
      cpuUs.push(cpu);
      log(
        `  [${db}] ${fmt(P.cbN / seconds, 0)} events delivered/s (${P.cbN} in ${fmt(seconds)} s); publish ${fmt(r.rps, 0)} req/s (${fmt(r.seconds)} s), p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms; server cpu ${fmt(cpu, 0)} µs/event`,
      );
    } finally {
      await server?.stop();
      await storage.cleanup();
      await receiver.stop();
    }
  }
  withSpread(`platform_events_delivered_per_s_${db}`, delivered);
  withSpread(`platform_events_publish_rps_${db}`, publishRps);
  figures[`platform_events_publish_p99_ms_${db}`] = median(publishP99);
  figures[`platform_events_cpu_us_per_event_${db}`] = median(cpuUs);
  log(
    `  [${db}] events delivered/s ${fmt(median(delivered), 0)} (${fmt(Math.min(...delivered), 0)}–${fmt(Math.max(...delivered), 0)}), publish ${fmt(median(publishRps), 0)} req/s (${fmt(Math.min(...publishRps), 0)}–${fmt(Math.max(...publishRps), 0)})`,
  );
}

// The gateway part's three ways to the same upstream answer, and the path each one requests.
const WAYS = ['direct', 'bare_proxy', 'signet'];
const GATEWAY_PATH = '/v1/orders/123';
const GATEWAY_SECRET = 'bench-gateway-secret-'.padEnd(48, 'x');

/** GET `url + target` with headers signed for `signedPath` (as the load child's); the parsed body, 200 only. */
async function fetchWay(url, target, m, signedPath = GATEWAY_PATH) {
  const { signRequest } = await import(CLIENT_DIST);
  const signed = signRequest({ apiKey: m.apiKey, apiSecret: m.apiSecret, method: 'GET', path: signedPath });
  const res = await fetch(`${url}${target}`, { headers: signed.headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}${target}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/**
 * Before measuring: every way returns the upstream's body, and what Signet forwards is what the
 * contract says (no Authorization, the X-Signet-* identity, a signature the client package's
 * verifyGatewayRequest accepts). Deviations are logged and noted in latest.md, not fatal.
 */
async function checkGateway(ways, upstream, m) {
  const expected = await fetchWay(upstream.url, '/orders/123', m);
  for (const w of WAYS) {
    const got = await fetchWay(ways[w].url, ways[w].target, m);
    if (JSON.stringify(got) !== JSON.stringify(expected))
      throw new Error(`${w}: body ${JSON.stringify(got)} differs from the upstream's`);
  }
  const problems = [];
  const echo = await fetchWay(ways.signet.url, '/v1/orders/_echo', m, '/v1/orders/_echo');
  const h = echo.headers;
  if (echo.url !== '/orders/_echo') problems.push(`upstream saw url ${echo.url}, expected /orders/_echo`);
  if ('authorization' in h) problems.push('Authorization reached the upstream');
  if (h['x-signet-key-id'] !== m.keyId) problems.push(`x-signet-key-id ${h['x-signet-key-id']} ≠ ${m.keyId}`);
  if (h['x-signet-account-id'] !== m.accountId)
    problems.push(`x-signet-account-id ${h['x-signet-account-id']}`);
  if (h['x-signet-key-name'] !== 'bench') problems.push(`x-signet-key-name ${h['x-signet-key-name']}`);
  if (h['x-signet-permissions'] !== 'orders:read')
    problems.push(`x-signet-permissions ${JSON.stringify(h['x-signet-permissions'])}`);
  const { verifyGatewayRequest } = await import(CLIENT_DIST);
  if (typeof verifyGatewayRequest !== 'function') problems.push('client package has no verifyGatewayRequest');
  else {
    const v = verifyGatewayRequest({
      method: echo.method,
      url: echo.url,
      headers: h,
      secret: GATEWAY_SECRET,
    });
    if (!v.ok) problems.push(`verifyGatewayRequest: ${v.reason}`);
  }
  const unsigned = await fetch(`${ways.signet.url}${GATEWAY_PATH}`);
  await unsigned.arrayBuffer();
  if (unsigned.status !== 401) problems.push(`an unsigned request got ${unsigned.status}, expected 401`);
  for (const p of problems) {
    log(`  WARNING gateway: ${p}`);
    notes.push(`gateway check: ${p}.`);
  }
  if (problems.length === 0)
    log('  gateway check: forwarded request as the contract says (signature verified)');
}

/**
 * What the gateway part and the platform verify part measure against: the upstream (sharing CPU 1
 * with the load generator: CPU 0 is the proxy's alone, as the server's is), and the bench server
 * on a fresh SQLite with SIGNET_CONFIG mounting it as API `orders` at /v1 (GET /orders/* →
 * orders:read), plus a key holding orders:read made through the dashboard API.
 */
async function startGatewayRig() {
  const upstream = await startHelper(1, path.join(ROOT, 'bench/lib/upstream.mjs'));
  const storage = await freshStorage('sqlite');
  let server;
  try {
    const configPath = path.join(storage.dataDir, 'signet-gateway.json');
    const config = {
      permissions: [{ id: 'orders:read', description: 'Read orders' }],
      apis: [
        {
          name: 'orders',
          mount: '/v1',
          upstream: upstream.url,
          secret: GATEWAY_SECRET,
          routes: [{ method: 'GET', path: '/orders/*', permission: 'orders:read' }],
        },
      ],
      cryptopay_sandbox: { enabled: true, mount: '/api' },
    };
    fs.writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
    const env = { ...storage.env, SIGNET_CONFIG: configPath };
    server = await startServer(env);
    const m = await seedKey(server.url, ['orders:read']);
    return {
      upstream,
      server,
      env,
      m,
      async stop() {
        await server.stop();
        await upstream.stop();
        await storage.cleanup();
      },
    };
  } catch (err) {
    await server?.stop();
    await upstream.stop();
    await storage.cleanup();
    throw err;
  }
}

/** An autocannon run of `GET /v1/orders/123`, signed, at `way`'s address (see `ways` below). */
function gatewayRun(ways, m, way, connections, duration) {
  return runJsonChild(1, LOAD, {
    url: ways[way].url,
    path: GATEWAY_PATH,
    target: ways[way].target,
    mode: way,
    apiKey: m.apiKey,
    apiSecret: m.apiSecret,
    accountId: m.accountId,
    duration,
    connections,
  });
}

/**
 * The same upstream reached directly, through a bare Fastify + @fastify/http-proxy, and through
 * Signet's gateway (signed requests), alternated, at each connection count in GATEWAY_CONNECTIONS.
 */
async function gatewayBench() {
  const rig = await startGatewayRig();
  const { upstream, server, m } = rig;
  let bare;
  try {
    bare = await startHelper(0, path.join(ROOT, 'bench/lib/bare-proxy.mjs'), { upstream: upstream.url });
    const ways = {
      direct: { url: upstream.url, target: '/orders/123' },
      bare_proxy: { url: bare.url, target: GATEWAY_PATH },
      signet: { url: server.url, target: GATEWAY_PATH },
    };
    await checkGateway(ways, upstream, m);
    const run = (way, connections, duration) => gatewayRun(ways, m, way, connections, duration);

    for (const c of GATEWAY_CONNECTIONS) {
      for (const way of WAYS) await run(way, c, P.warmup);
      const runs = Object.fromEntries(WAYS.map((w) => [w, []]));
      for (let i = 0; i < P.rounds; i++) {
        // Forward, then backward: the bare proxy and Signet always run back to back, each first
        // in turn, so drift in the machine's load hits the pair alike.
        for (const way of i % 2 === 0 ? WAYS : [...WAYS].reverse()) {
          const proc = { direct: upstream, bare_proxy: bare, signet: server }[way];
          const cpuBefore = proc.cpuMs();
          const r = await run(way, c, P.seconds);
          // The CPU the answering process spent per answered request: steadier than req/s on a busy machine.
          r.cpuUs = ((proc.cpuMs() - cpuBefore) * 1000) / r.ok;
          check(r);
          runs[way].push(r);
          log(
            `  c${c} ${way.padEnd(10)} ${fmt(r.rps, 0)} req/s  p50 ${fmt(r.p50)} ms  p99 ${fmt(r.p99)} ms  cpu ${fmt(r.cpuUs, 1)} µs/req`,
          );
        }
      }
      for (const way of WAYS) {
        for (const [k, name] of [
          ['rps', 'rps'],
          ['p50', 'p50_ms'],
          ['p99', 'p99_ms'],
          ['cpuUs', 'cpu_us_per_req'],
        ]) {
          const v = runs[way].map((r) => r[k]);
          figures[`gateway_${way}_${name}_c${c}`] = median(v);
          if (k !== 'p50') {
            figures[`gateway_${way}_${name}_c${c}_min`] = Math.min(...v);
            figures[`gateway_${way}_${name}_c${c}_max`] = Math.max(...v);
          }
        }
      }
      const g = runs.signet;
      const b = runs.bare_proxy;
      // Medians of the back-to-back pairs, as for signed vs unsigned.
      figures[`gateway_vs_bare_proxy_ratio_c${c}`] = median(g.map((r, i) => r.rps / b[i].rps));
      figures[`gateway_added_p99_ms_c${c}`] = median(g.map((r, i) => r.p99 - b[i].p99));
      figures[`gateway_added_p50_ms_c${c}`] = median(g.map((r, i) => r.p50 - b[i].p50));
      figures[`gateway_added_cpu_us_per_req_c${c}`] = median(g.map((r, i) => r.cpuUs - b[i].cpuUs));
      figures[`bare_proxy_vs_direct_ratio_c${c}`] = median(b.map((r, i) => r.rps / runs.direct[i].rps));
      log(
        `  c${c} gateway/bare proxy ${fmt(figures[`gateway_vs_bare_proxy_ratio_c${c}`], 3)}, added p99 ${fmt(figures[`gateway_added_p99_ms_c${c}`])} ms (medians ${fmt(median(g.map((r) => r.rps)), 0)} / ${fmt(median(b.map((r) => r.rps)), 0)} req/s; direct ${fmt(median(runs.direct.map((r) => r.rps)), 0)})`,
      );
    }
    figures.gateway_signet_rss_mb = server.rssMb();
  } finally {
    await bare?.stop();
    await rig.stop();
  }
}

// The platform verify part: the gateway's request (GET /v1/orders/123, signed) sent through the
// gateway to the upstream, and the same request handed to POST /platform/v1/verify as values.
const VERIFY_WAYS = ['gateway_auth', 'verify'];
const VERIFY_PATH = '/platform/v1/verify';
const VERIFY_AS = { permission: 'orders:read', clientIp: '127.0.0.1' };

/** POST /platform/v1/verify with `body` and the service token `token`: status and parsed answer. */
async function postVerify(url, token, body) {
  const res = await fetch(`${url}${VERIFY_PATH}`, {
    method: 'POST',
    headers: { ...(token && { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, answer: await res.json() };
}

/**
 * Before measuring: /verify admits the measured request with the key's identity (else the part
 * fails), refuses it with one byte of the signature changed, and wants the token. Deviations from
 * the last two are logged and noted in latest.md.
 */
async function checkVerify(url, token, m) {
  const { signRequest, verifyBodyOf } = await import(CLIENT_DIST);
  const signed = signRequest({ apiKey: m.apiKey, apiSecret: m.apiSecret, method: 'GET', path: GATEWAY_PATH });
  const body = { ...verifyBodyOf({ method: 'GET', url: GATEWAY_PATH, headers: signed.headers }, VERIFY_AS) };
  body.body_md5 = '';
  const ok = await postVerify(url, token, body);
  const want = { valid: true, account_id: m.accountId, key_id: m.keyId, permissions: ['orders:read'] };
  if (ok.status !== 200 || JSON.stringify(ok.answer) !== JSON.stringify(want))
    throw new Error(`/verify of the measured request: ${ok.status} ${JSON.stringify(ok.answer)}`);
  const problems = [];
  const auth = body.authorization;
  const flipped = auth.slice(0, -2) + (auth.at(-2) === 'A' ? 'B' : 'A') + auth.at(-1);
  const bad = await postVerify(url, token, { ...body, authorization: flipped });
  if (bad.status !== 200 || bad.answer.valid !== false || bad.answer.reason !== 'bad_signature')
    problems.push(`a bad signature got ${bad.status} ${JSON.stringify(bad.answer)}`);
  const anonymous = await postVerify(url, undefined, body);
  if (anonymous.status !== 401) problems.push(`no service token got ${anonymous.status}, expected 401`);
  for (const p of problems) {
    log(`  WARNING platform verify: ${p}`);
    notes.push(`platform verify check: ${p}.`);
  }
  if (problems.length === 0) log('  verify check: admits the measured request, refuses a bad signature');
}

/**
 * POST /platform/v1/verify (a service token with the verify scope; the body describes the
 * gateway part's signed GET /v1/orders/123, Date and signature refreshed each second) against
 * that very request through Signet's gateway to the upstream, one server, alternated back to
 * back at each connection count in GATEWAY_CONNECTIONS.
 */
async function platformVerifyBench() {
  const rig = await startGatewayRig();
  const { server, m } = rig;
  try {
    const { token } = createServiceToken(rig.env, ['verify']);
    await checkVerify(server.url, token, m);
    const run = (way, connections, duration) =>
      runJsonChild(1, LOAD, {
        url: server.url,
        path: GATEWAY_PATH,
        target: way === 'verify' ? VERIFY_PATH : GATEWAY_PATH,
        mode: way,
        apiKey: m.apiKey,
        apiSecret: m.apiSecret,
        accountId: m.accountId,
        duration,
        connections,
        ...(way === 'verify' && { bearer: token, verify: VERIFY_AS }),
      });
    for (const c of GATEWAY_CONNECTIONS) {
      for (const way of VERIFY_WAYS) await run(way, c, P.warmup);
      const runs = Object.fromEntries(VERIFY_WAYS.map((w) => [w, []]));
      for (let i = 0; i < P.rounds; i++) {
        for (const way of i % 2 === 0 ? VERIFY_WAYS : [...VERIFY_WAYS].reverse()) {
          const cpuBefore = server.cpuMs();
          const r = await run(way, c, P.seconds);
          r.cpuUs = ((server.cpuMs() - cpuBefore) * 1000) / r.ok;
          check(r);
          if (r.invalid > 0) throw new Error(`verify: ${r.invalid} of ${r.ok} answers were not valid`);
          runs[way].push(r);
          log(
            `  c${c} ${way.padEnd(12)} ${fmt(r.rps, 0)} req/s  p50 ${fmt(r.p50)} ms  p99 ${fmt(r.p99)} ms  cpu ${fmt(r.cpuUs, 1)} µs/req`,
          );
        }
      }
      for (const way of VERIFY_WAYS) {
        const of = (k) => runs[way].map((r) => r[k]);
        withSpread(`platform_${way}_rps_c${c}`, of('rps'));
        figures[`platform_${way}_p50_ms_c${c}`] = median(of('p50'));
        withSpread(`platform_${way}_p99_ms_c${c}`, of('p99'));
        withSpread(`platform_${way}_cpu_us_per_req_c${c}`, of('cpuUs'));
      }
      const v = runs.verify;
      const g = runs.gateway_auth;
      // Medians of the back-to-back pairs, as for the gateway part.
      figures[`platform_verify_vs_gateway_auth_ratio_c${c}`] = median(v.map((r, i) => r.rps / g[i].rps));
      log(
        `  c${c} verify/gateway ${fmt(figures[`platform_verify_vs_gateway_auth_ratio_c${c}`], 3)} (medians ${fmt(median(v.map((r) => r.rps)), 0)} / ${fmt(median(g.map((r) => r.rps)), 0)} req/s)`,
      );
    }
  } finally {
    await rig.stop();
  }
}

async function microBench() {
  const r = await runJsonChild(1, path.join(ROOT, 'bench/lib/verify-micro.mjs'), {
    rounds: P.microRounds,
    iterations: P.microIters,
  });
  figures.verify_ns_per_op = r.verify_ns_per_op;
  figures.verify_floor_ns_per_op = r.floor_ns_per_op;
  figures.verify_vs_floor_ratio = r.verify_vs_floor_ratio;
  figures.client_sign_ns_per_op = r.client_sign_ns_per_op;
  log(
    `  verify ${fmt(r.verify_ns_per_op, 0)} ns/op, floor (md5 + hmac-sha1) ${fmt(r.floor_ns_per_op, 0)} ns/op, ratio ${fmt(r.verify_vs_floor_ratio, 3)}; client signRequest ${fmt(r.client_sign_ns_per_op, 0)} ns/op`,
  );
}

// Targets: [figure pattern, target text, predicate].
const TARGETS = [
  [/^signed_vs_unsigned_ratio_(sqlite|pg)$/, '≥ 0.85', (v) => v >= 0.85],
  [/^added_p99_ms_/, '≤ 0.5 ms', (v) => v <= 0.5],
  [/^keys_.*_vs_1_key_/, '1 ± 0.05', (v) => Math.abs(v - 1) <= 0.05],
  [/^rss_mb_100k_keys_/, '≤ 200 MB', (v) => v <= 200],
  [/^callbacks_vs_undici_ratio_/, '≥ 0.8', (v) => v >= 0.8],
  [/^gateway_vs_bare_proxy_ratio_c\d+$/, '≥ 0.85', (v) => v >= 0.85],
  [/^gateway_added_p99_ms_c\d+$/, '≤ 0.5 ms', (v) => v <= 0.5],
  [/^platform_verify_vs_gateway_auth_ratio_c\d+$/, '≥ 0.8', (v) => v >= 0.8],
];

function writeResults(started) {
  const dir = outDir;
  fs.mkdirSync(dir, { recursive: true });
  const rounded = Object.fromEntries(
    Object.entries(figures).map(([k, v]) => [k, Number.isFinite(v) ? Number(v.toFixed(4)) : null]),
  );
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(rounded, null, 2)}\n`);
  const rows = Object.entries(rounded).map(([k, v]) => {
    const t = TARGETS.find(([re]) => re.test(k));
    const met = t ? (v !== null && t[2](v) ? 'yes' : '**no**') : '';
    return `| ${k} | ${v ?? 'n/a'} | ${t ? t[1] : ''} | ${met} |`;
  });
  const md = [
    '# Signet benchmark results',
    '',
    `Run: ${new Date(started).toISOString()}, ${quick ? '`--quick`' : 'full'}, ${((Date.now() - started) / 1000).toFixed(0)} s, Node ${process.version}.`,
    `Pinning: ${pinning}. Figures are medians of alternated runs; see bench/README.md.`,
    ...notes.map((n) => `Note: ${n}`),
    '',
    '| figure | value | target | met? |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'latest.md'), md);
  log(`\n${md}`);
}

const started = Date.now();
log(`Signet bench (${quick ? 'quick' : 'full'}); pinning: ${pinning}`);
const dbs = ['sqlite'];
if (await pgAvailable()) dbs.push('pg');
else {
  const note = 'PostgreSQL at 127.0.0.1:5432 did not answer: PostgreSQL figures skipped.';
  notes.push(note);
  log(note);
}
if (wanted('verify')) {
  log('verification micro-benchmark');
  await microBench();
}
for (const db of dbs) {
  if (wanted('http')) {
    log(`signed vs unsigned requests (${db})`);
    await httpBench(db);
  }
  if (wanted('callbacks')) {
    log(`callback delivery (${db})`);
    await callbackBench(db);
  }
  if (wanted('platform-events')) {
    log(`platform events: publish → delivered (${db})`);
    await platformEventsBench(db);
  }
  await sleep(100);
}
if (wanted('gateway')) {
  log('gateway: direct vs bare proxy vs Signet');
  await gatewayBench();
}
if (wanted('platform-verify')) {
  log('platform verify: POST /platform/v1/verify vs the gateway');
  await platformVerifyBench();
}
writeResults(started);
