// Shared plumbing for the benchmarks: where things are, CPU pinning, storage, the server process.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSignet } from '../../packages/server/test/support/signet-process.mjs';

export const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BENCH_SERVER = path.join(ROOT, 'bench/lib/bench-server.mjs');
export const SERVER_DIST = process.env.BENCH_SERVER_DIST || path.join(ROOT, 'packages/server/dist');
export const CLIENT_DIST = path.join(ROOT, 'packages/client/dist/index.js');
export const PG_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
// A fixed master key shared by the server and the seeding scripts (secrets are sealed under it).
export const MASTER_KEY = 'b'.repeat(64);

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0 && os.cpus().length >= 2;
export const pinning = hasTaskset
  ? 'server/worker on CPU 0, load generator/receiver on CPU 1 (taskset)'
  : 'none (taskset unavailable or fewer than 2 CPUs): all processes share the CPUs';

/** argv for `node <args>` pinned to `cpu` when taskset exists. */
export function pinned(cpu, args) {
  return hasTaskset
    ? { cmd: 'taskset', args: ['-c', String(cpu), process.execPath, ...args] }
    : { cmd: process.execPath, args };
}

export async function pgAvailable() {
  const url = new URL(PG_URL);
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: Number(url.port || 5432) });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

async function pgQuery(text) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh SQLite directory, or a fresh PostgreSQL schema (as the reliability tests do). */
export async function freshStorage(db) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-bench-'));
  const env = { SIGNET_DATA_DIR: dataDir, SIGNET_MASTER_KEY: MASTER_KEY };
  let schema;
  if (db === 'pg') {
    schema = `bench_${randomBytes(5).toString('hex')}`;
    await pgQuery(`create schema ${schema}`);
    const url = new URL(PG_URL);
    if (url.hostname !== '127.0.0.1') throw new Error('benchmarks only target 127.0.0.1');
    env.DATABASE_URL = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
  return {
    env,
    dataDir,
    schema,
    async cleanup() {
      if (schema) await pgQuery(`drop schema if exists ${schema} cascade`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The bench server (bench-server.mjs: `signet serve` + the bench's route) on 127.0.0.1, pinned to CPU 0, worker off; waits for /healthz. */
/**
 * CPU time (user + system, ms) a process has used so far, from /proc: divided by the requests of a
 * run it is the cost of one request, which the machine's other load barely moves (unlike req/s).
 */
export function cpuMsOf(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export async function startServer(storageEnv, extraEnv = {}, nodeArgs = []) {
  const { cmd, args } = pinned(0, [...nodeArgs, BENCH_SERVER]);
  const server = await spawnSignet({
    cmd,
    args,
    cwd: ROOT,
    env: { SIGNET_WORKER: 'false', ...storageEnv, ...extraEnv },
    startTimeoutMs: 30_000,
  });
  return {
    ...server,
    cpuMs: () => cpuMsOf(server.proc.pid),
    /** Resident set size of the server process (taskset execs node, so the pid is node's). */
    rssMb() {
      const status = fs.readFileSync(`/proc/${server.proc.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return kb / 1024;
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Runs `node <script> <json>` (pinned to `cpu`) and parses the last stdout line as JSON. */
export async function runJsonChild(cpu, script, input, extraEnv = {}) {
  const { cmd, args } = pinned(cpu, [script, JSON.stringify(input)]);
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    proc.on('exit', (code) => {
      const last = out.trim().split('\n').pop();
      if (code !== 0) return reject(new Error(`${path.basename(script)} exited ${code}: ${err}${out}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${path.basename(script)}: no JSON result: ${out}${err}`));
      }
    });
  });
}
