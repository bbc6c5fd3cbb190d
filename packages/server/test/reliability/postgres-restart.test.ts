import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { HttpSession, startSignet, type SignetProcess } from './signet-process.js';
import { INVOICE, signedFetch, sleep, type KeyPair } from './signed-fetch.js';

/**
 * PostgreSQL stopped (`pg_ctl stop -m fast`) and started again under load, on a private cluster.
 * While it is down every request answers within a bound with a 503 `service_unavailable` envelope
 * (never a 500, never a hang, never a dead process); once it is back Signet serves 2xx again by
 * itself, without a restart.
 */
const REQUEST_TIMEOUT_MS = 6_000;
const LOOPS = 8;
const DOWN_MS = 4_000;
const RECOVERY_BOUND_MS = 8_000;

interface Sample {
  kind: string;
  startedAt: number;
  endedAt: number;
  status: number | 'timeout' | 'network_error';
  code?: string;
  detail?: string;
}

describe.runIf(process.env.TEST_DATABASE_URL)('PostgreSQL stopped and started under load', () => {
  let pg: PrivatePostgres | undefined;
  let server: SignetProcess | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    await server?.kill();
    pg?.destroy();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 envelopes while the database is down and recovers by itself', async () => {
    pg = await startPrivatePostgres();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-rel-pg-'));
    server = await startSignet('serve', { SIGNET_DATA_DIR: dataDir, DATABASE_URL: pg.url });
    const base = server.url;

    const session = new HttpSession(base);
    expect(
      (
        await session.request('POST', '/signup', {
          business_name: 'Outage',
          email: 'outage@example.com',
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(201);
    const created = await session.request('POST', '/api-keys', {
      name: 'load',
      permissions: ['invoices:read', 'invoices:write'],
    });
    expect(created.status).toBe(201);
    const key: KeyPair = created.json;
    const first = await signedFetch(base, key, 'POST', '/api/invoices', INVOICE);
    expect(first.status).toBe(201);
    const invoiceId: string = first.json.data.id;

    const dashboardGet = async (url: string) => {
      const res = await fetch(`${base}/dashboard/api${url}`, {
        headers: { cookie: session.cookie },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      return { status: res.status, text };
    };
    const kinds: [string, () => Promise<{ status: number; text: string }>][] = [
      [
        'signed GET invoice',
        () => signedFetch(base, key, 'GET', `/api/invoices/${invoiceId}`, undefined, REQUEST_TIMEOUT_MS),
      ],
      [
        'signed POST invoice',
        () => signedFetch(base, key, 'POST', '/api/invoices', INVOICE, REQUEST_TIMEOUT_MS),
      ],
      [
        'signed GET list',
        () => signedFetch(base, key, 'GET', '/api/invoices?limit=5', undefined, REQUEST_TIMEOUT_MS),
      ],
      ['dashboard GET api-keys', () => dashboardGet('/api-keys')],
      ['dashboard GET callbacks', () => dashboardGet('/callbacks?limit=5')],
      ['dashboard GET me', () => dashboardGet('/me')],
    ];

    const samples: Sample[] = [];
    let stopLoad = false;
    const loop = async (n: number) => {
      for (let i = 0; i < 5_000 && !stopLoad; i++) {
        const [kind, call] = kinds[(n + i) % kinds.length]!;
        const startedAt = Date.now();
        try {
          const res = await call();
          let code: string | undefined;
          try {
            code = JSON.parse(res.text)?.error?.code;
          } catch {
            code = 'not_json';
          }
          samples.push({
            kind,
            startedAt,
            endedAt: Date.now(),
            status: res.status,
            code,
            detail: res.text.slice(0, 300),
          });
        } catch (err) {
          const e = err as Error;
          samples.push({
            kind,
            startedAt,
            endedAt: Date.now(),
            status: e.name === 'TimeoutError' ? 'timeout' : 'network_error',
            detail: `${e.name}: ${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`,
          });
          await sleep(50);
        }
      }
    };
    const load = Promise.all(Array.from({ length: LOOPS }, (_, n) => loop(n)));

    await sleep(1_500);
    const stopBegin = Date.now();
    pg.stop('fast');
    const stopEnd = Date.now();
    await sleep(DOWN_MS);
    const startBegin = Date.now();
    pg.start();
    const startEnd = Date.now();

    // Recovery: every kind answers 2xx again, without restarting Signet.
    let recoveredAt = 0;
    const recoveryDeadline = startEnd + RECOVERY_BOUND_MS + 10_000;
    while (Date.now() < recoveryDeadline) {
      const recent = samples.filter((s) => s.startedAt > Date.now() - 1_000);
      const healthy =
        (
          await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(
            () => null,
          )
        )?.status === 200;
      if (
        healthy &&
        recent.length > 0 &&
        recent.every((s) => typeof s.status === 'number' && s.status < 300)
      ) {
        recoveredAt = Date.now();
        break;
      }
      await sleep(200);
    }
    await sleep(2_000); // keep the load on a little after recovery
    stopLoad = true;
    await load;
    const afterEnd = Date.now();

    const describeSample = (s: Sample) =>
      `${s.kind} @${s.startedAt - stopBegin}ms ${s.status} ${s.code ?? ''} ${s.endedAt - s.startedAt}ms ${s.detail ?? ''}`;
    const before = samples.filter((s) => s.endedAt < stopBegin);
    const down = samples.filter((s) => s.startedAt > stopEnd && s.endedAt < startBegin);
    const after = samples.filter((s) => recoveredAt && s.startedAt > recoveredAt);

    // Nothing hung, nothing crashed, nothing was a 500, at any time.
    const bad = samples.filter(
      (s) =>
        typeof s.status !== 'number' ||
        (s.status >= 500 && s.status !== 503) ||
        s.endedAt - s.startedAt >= REQUEST_TIMEOUT_MS,
    );
    expect(bad.map(describeSample).slice(0, 20), server.output().slice(-3000)).toEqual([]);
    expect(server.proc.exitCode, server.output()).toBeNull();
    expect(server.output()).not.toContain('unhandled error');

    expect(before.length).toBeGreaterThan(20);
    expect(before.filter((s) => s.status !== 200 && s.status !== 201).map(describeSample)).toEqual([]);

    // While down: 503 service_unavailable envelopes only, answered quickly.
    expect(down.length).toBeGreaterThan(20);
    expect(
      down
        .filter((s) => s.status !== 503 || s.code !== 'service_unavailable')
        .map(describeSample)
        .slice(0, 20),
    ).toEqual([]);
    const downLatencies = down.map((s) => s.endedAt - s.startedAt).sort((a, b) => a - b);

    // Transitions (in flight while stopping or starting): 2xx or a 503 envelope.
    const transition = samples.filter((s) => !before.includes(s) && !down.includes(s) && !after.includes(s));
    expect(
      transition
        .filter(
          (s) =>
            !(
              typeof s.status === 'number' &&
              (s.status < 300 || (s.status === 503 && s.code === 'service_unavailable'))
            ),
        )
        .map(describeSample),
    ).toEqual([]);

    expect(recoveredAt, 'Signet did not recover after PostgreSQL came back').toBeGreaterThan(0);
    expect(recoveredAt - startEnd).toBeLessThan(RECOVERY_BOUND_MS);
    expect(after.length).toBeGreaterThan(10);
    expect(after.filter((s) => s.status !== 200 && s.status !== 201).map(describeSample)).toEqual([]);

    // A key created after the outage works at once (cache and LISTEN connection are sane again).
    const fresh = await session.request('POST', '/api-keys', {
      name: 'after',
      permissions: ['invoices:read'],
    });
    expect(fresh.status).toBe(201);
    expect((await signedFetch(base, fresh.json, 'GET', '/api/invoices?limit=1')).status).toBe(200);

    console.log(
      `postgres restart: ${samples.length} requests over ${((afterEnd - stopBegin) / 1000).toFixed(1)} s; ` +
        `before ${before.length} (all 2xx), down ${down.length} (all 503, p50 ${downLatencies[Math.floor(downLatencies.length / 2)]} ms, ` +
        `max ${downLatencies.at(-1)} ms), transition ${transition.length}, after ${after.length} (all 2xx); ` +
        `stop took ${stopEnd - stopBegin} ms, start ${startEnd - startBegin} ms, recovered ${recoveredAt - startEnd} ms after start`,
    );
  });

  it('answers 503 within the bound while PostgreSQL is frozen (SIGSTOP), and recovers after SIGCONT', async () => {
    // A server that stops answering without closing connections (hung host, dropped packets): a
    // query already sent on an open connection must not hang its request.
    if (!pg || !server) throw new Error('the first test did not set up the cluster');
    const base = server.url;
    const session = new HttpSession(base);
    expect(
      (
        await session.request('POST', '/signup', {
          business_name: 'Frozen',
          email: 'frozen@example.com',
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(201);
    const key: KeyPair = (
      await session.request('POST', '/api-keys', {
        name: 'f',
        permissions: ['invoices:read', 'invoices:write'],
      })
    ).json;
    // Warm the pool so requests land on established connections when the server freezes.
    await Promise.all(
      Array.from({ length: 10 }, () => signedFetch(base, key, 'GET', '/api/invoices?limit=1')),
    );

    const BOUND_MS = 6_500;
    const call = (i: number) =>
      i % 3 === 0
        ? signedFetch(base, key, 'POST', '/api/invoices', INVOICE, BOUND_MS + 4_000)
        : i % 3 === 1
          ? signedFetch(base, key, 'GET', '/api/invoices?limit=1', undefined, BOUND_MS + 4_000)
          : fetch(`${base}/dashboard/api/me`, {
              headers: { cookie: session.cookie },
              signal: AbortSignal.timeout(BOUND_MS + 4_000),
            }).then(async (r) => ({ status: r.status, text: await r.text(), json: undefined, ms: 0 }));
    let results: { status: number | string; code?: string; ms: number }[] = [];
    pg.freeze();
    try {
      results = await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          const started = Date.now();
          try {
            const r = await call(i);
            let code: string | undefined;
            try {
              code = JSON.parse(r.text)?.error?.code;
            } catch {
              code = undefined;
            }
            return { status: r.status, code, ms: Date.now() - started };
          } catch (err) {
            return { status: (err as Error).name, ms: Date.now() - started };
          }
        }),
      );
    } finally {
      pg.thaw();
    }
    const bad = results.filter(
      (r) => r.status !== 503 || r.code !== 'service_unavailable' || r.ms >= BOUND_MS,
    );
    expect(bad, JSON.stringify(results)).toEqual([]);
    expect(server.proc.exitCode).toBeNull();

    // Thawed: 2xx again by itself.
    const deadline = Date.now() + 15_000;
    let healthy = false;
    while (!healthy && Date.now() < deadline) {
      const r = await signedFetch(base, key, 'GET', '/api/invoices?limit=1').catch(() => null);
      healthy = r?.status === 200;
      if (!healthy) await sleep(200);
    }
    expect(healthy).toBe(true);
    const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
    console.log(
      `postgres frozen: ${results.length} concurrent requests, all 503 service_unavailable, ` +
        `latency min ${latencies[0]} ms, max ${latencies.at(-1)} ms (bound ${BOUND_MS} ms)`,
    );
  });
});
