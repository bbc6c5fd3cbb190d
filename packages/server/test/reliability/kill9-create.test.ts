import { afterAll, describe, expect, it } from 'vitest';
import { apiKeySecretContext, createSignetContext, loadConfig } from '../../src/index.js';
import {
  freePort,
  freshStorage,
  HttpSession,
  startSignet,
  type SignetProcess,
  type Storage,
} from './signet-process.js';
import { INVOICE, signedFetch, sleep, type KeyPair } from './signed-fetch.js';

/**
 * kill -9 while 8 clients create API keys (dashboard) and invoices (signed merchant API) at once.
 * After a restart on the same storage: every 201 is there (key listed and usable, invoice
 * retrievable), and nothing is half-written (every key row opens under the master key to the
 * secret that was shown and has its audit line; every invoice has its `created` outbox row and
 * every such row its invoice).
 */
const LOOPS_PER_KIND = 4;
const MAX_PER_LOOP = 400;

describe('kill -9 during concurrent key and invoice creation', () => {
  let storage: Storage;
  let server: SignetProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    await storage?.cleanup();
  });

  it('keeps every acknowledged write, whole, across a crash', async () => {
    storage = await freshStorage();
    const port = await freePort();
    server = await startSignet('serve', storage.env, port);

    const session = new HttpSession(server.url);
    expect(
      (
        await session.request('POST', '/signup', {
          business_name: 'Crash Create',
          email: 'crash-create@example.com',
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(201);
    const main = await session.request('POST', '/api-keys', {
      name: 'main',
      permissions: ['invoices:read', 'invoices:write'],
    });
    expect(main.status).toBe(201);
    const mainKey: KeyPair = main.json;

    const keys = new Map<string, KeyPair & { id: string }>();
    const invoices = new Set<string>();
    let killed = false;
    let sent = 0;
    let failedBeforeKill = 0;
    const keyLoop = async (n: number) => {
      for (let i = 0; i < MAX_PER_LOOP && !killed; i++) {
        sent++;
        try {
          const res = await session.request('POST', '/api-keys', {
            name: `k${n}-${i}`,
            permissions: ['invoices:read'],
          });
          if (res.status === 201) keys.set(res.json.id, res.json);
          else if (!killed) failedBeforeKill++;
        } catch {
          break; // the process died under us: that request was never acknowledged
        }
      }
    };
    const invoiceLoop = async (n: number) => {
      for (let i = 0; i < MAX_PER_LOOP && !killed; i++) {
        sent++;
        try {
          const res = await signedFetch(server!.url, mainKey, 'POST', '/api/invoices', {
            ...INVOICE,
            custom_id: `c${n}-${i}`,
          });
          if (res.status === 201) invoices.add(res.json.data.id);
          else if (!killed) failedBeforeKill++;
        } catch {
          break;
        }
      }
    };
    const loops = [
      ...Array.from({ length: LOOPS_PER_KIND }, (_, n) => keyLoop(n)),
      ...Array.from({ length: LOOPS_PER_KIND }, (_, n) => invoiceLoop(n)),
    ];
    // Pull the plug mid-stream: enough writes acknowledged, dozens still in flight.
    const deadline = Date.now() + 30_000;
    while (keys.size + invoices.size < 150 && Date.now() < deadline) await sleep(5);
    await server.kill('SIGKILL');
    killed = true;
    await Promise.all(loops);
    expect(failedBeforeKill).toBe(0);
    expect(keys.size).toBeGreaterThan(10);
    expect(invoices.size).toBeGreaterThan(10);

    server = await startSignet('serve', storage.env, port);

    // Every acknowledged key is listed (the session survived too: it is in the database).
    const listed = await session.request('GET', '/api-keys');
    expect(listed.status).toBe(200);
    const listedIds = new Set<string>((listed.json.data ?? listed.json).map((k: { id: string }) => k.id));
    expect([...keys.keys()].filter((id) => !listedIds.has(id))).toEqual([]);

    // Every acknowledged invoice is retrievable by id through a signed GET.
    const missing: string[] = [];
    for (const id of invoices) {
      const res = await signedFetch(server.url, mainKey, 'GET', `/api/invoices/${id}`);
      if (res.status !== 200 || res.json.data.id !== id) missing.push(`${id}: ${res.status}`);
    }
    expect(missing).toEqual([]);

    // A sample of the acknowledged keys authenticates with the secret shown at creation.
    for (const key of [...keys.values()].slice(0, 10)) {
      const res = await signedFetch(server.url, key, 'GET', '/api/invoices?limit=1');
      expect(res.status, res.text).toBe(200);
    }
    await server.kill('SIGKILL');
    server = undefined;

    // Straight from the database: nothing half-written.
    const ctx = await createSignetContext(loadConfig({ ...storage.env, SIGNET_LOG_LEVEL: 'silent' }));
    try {
      const rows = await ctx.db.kysely
        .selectFrom('api_keys')
        .select(['id', 'api_key', 'secret_enc', 'secret_key_id'])
        .execute();
      const undecryptable: string[] = [];
      for (const row of rows) {
        try {
          const secret = ctx.keyring.open(
            { keyId: row.secret_key_id, ciphertext: row.secret_enc },
            apiKeySecretContext(row.id),
          );
          const shown = keys.get(row.id);
          if (shown && shown.api_secret !== secret) undecryptable.push(`${row.id}: secret differs`);
          if (!secret) undecryptable.push(`${row.id}: empty secret`);
        } catch (err) {
          undecryptable.push(`${row.id}: ${(err as Error).message}`);
        }
      }
      expect(undecryptable).toEqual([]);
      // The key's audit line is written in the same transaction: one per key, and no orphan.
      const audited = await ctx.db.kysely
        .selectFrom('audit_log')
        .select('target')
        .where('action', '=', 'api_key.created')
        .execute();
      const auditedKeys = new Set(audited.map((a) => a.target));
      const keyIds = new Set(rows.map((r) => r.api_key));
      expect(rows.filter((r) => !auditedKeys.has(r.api_key)).map((r) => r.api_key)).toEqual([]);
      expect([...auditedKeys].filter((k) => !keyIds.has(k ?? ''))).toEqual([]);

      const invoiceRows = await ctx.db.kysely.selectFrom('merchant_invoices').select('id').execute();
      const events = await ctx.db.kysely
        .selectFrom('callbacks')
        .select(['body'])
        .where('type', '=', 'Invoice')
        .where('event', '=', 'created')
        .execute();
      const invoiceIds = new Set(invoiceRows.map((r) => r.id));
      const eventInvoiceIds = events.map((e) => (JSON.parse(e.body) as { data: { id: string } }).data.id);
      const eventSet = new Set(eventInvoiceIds);
      expect(eventInvoiceIds.length).toBe(eventSet.size); // one created event per invoice
      expect([...invoiceIds].filter((id) => !eventSet.has(id))).toEqual([]);
      expect([...eventSet].filter((id) => !invoiceIds.has(id))).toEqual([]);
      expect([...invoices].filter((id) => !invoiceIds.has(id))).toEqual([]);

      console.log(
        `kill -9 create: ${sent} requests sent, ${keys.size} keys + ${invoices.size} invoices acknowledged; ` +
          `after restart ${rows.length} key rows (1 main + ${rows.length - 1 - keys.size} committed but unacknowledged), ` +
          `${invoiceIds.size} invoices (${invoiceIds.size - invoices.size} unacknowledged), all whole`,
      );
    } finally {
      await ctx.db.close();
    }
  });
});
