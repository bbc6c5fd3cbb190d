// `npm run bench [-- --quick]`: Signet's performance figures. See bench/README.md.
// Writes bench/results/latest.json (flat: one number per figure) and bench/results/latest.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  freshStorage,
  median,
  pgAvailable,
  pinned,
  pinning,
  runJsonChild,
  startServer,
  sleep,
} from './lib/env.mjs';
import { insertExtraKeys, seedMerchant } from './lib/seed.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
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

async function startReceiver() {
  const { cmd, args } = pinned(1, [path.join(ROOT, 'bench/lib/receiver.mjs')]);
  const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    proc.stdout.once('data', (d) => resolve(JSON.parse(d).port));
    proc.once('exit', (code) => reject(new Error(`receiver exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/callbacks`, stop: () => proc.stdin.end() };
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
    receiver.stop();
  }
  figures[`callbacks_per_s_${db}`] = median(worker);
  figures[`undici_posts_per_s_${db}`] = median(bare);
  figures[`callbacks_vs_undici_ratio_${db}`] = median(worker.map((w, i) => w / bare[i]));
  log(`  [${db}] worker/undici ${fmt(figures[`callbacks_vs_undici_ratio_${db}`], 3)}`);
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
];

function writeResults(started) {
  const dir = path.join(ROOT, 'bench/results');
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
  await sleep(100);
}
writeResults(started);
