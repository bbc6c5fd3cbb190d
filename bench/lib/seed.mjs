// Seeding: an account, the benchmark key and one invoice through the real HTTP APIs, and any number
// of extra API keys inserted directly (sealed under the shared master key, batched inserts); the
// account's callback URL (dashboard API) and service tokens (the CLI) for the platform parts.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { signRequest } from '../../packages/client/dist/index.js';
import { MASTER_KEY, SERVER_DIST } from './env.mjs';

async function json(res) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status}: ${text}`);
  return JSON.parse(text);
}

/** Signs up a fresh account through the dashboard API: its id and the headers of a dashboard call. */
export async function signup(baseUrl) {
  const res = await fetch(`${baseUrl}/dashboard/api/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      business_name: 'Bench Ltd',
      email: `bench-${randomUUID()}@example.com`,
      password: 'correct horse battery staple',
    }),
  });
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const body = await json(res);
  const dash = { cookie, 'x-csrf-token': body.csrf_token, 'content-type': 'application/json' };
  return { accountId: body.account.id, dash };
}

/** Signs up a fresh account and creates one API key holding `permissions`, through the dashboard API. */
export async function seedKey(baseUrl, permissions) {
  const { accountId, dash } = await signup(baseUrl);
  const key = await json(
    await fetch(`${baseUrl}/dashboard/api/api-keys`, {
      method: 'POST',
      headers: dash,
      body: JSON.stringify({ name: 'bench', permissions, ip_whitelist: [] }),
    }),
  );
  const k = key.data ?? key;
  return { accountId, keyId: k.id, apiKey: k.api_key, apiSecret: k.api_secret, key: k };
}

/** Sets the account's callback URL through the dashboard API (`dash`: signup's headers). */
export async function setCallbackUrl(baseUrl, dash, url) {
  const res = await json(
    await fetch(`${baseUrl}/dashboard/api/callback-settings`, {
      method: 'PUT',
      headers: dash,
      body: JSON.stringify({ callback_url: url }),
    }),
  );
  if ((res.data ?? res).callback_url !== url) throw new Error(`callback URL not set: ${JSON.stringify(res)}`);
}

/**
 * A service token for the platform API, made as an operator makes one: `signet tokens create
 * --json` against the server's database (`env`: its storage and config variables). {id, name, scopes, token}.
 */
export function createServiceToken(env, scopes) {
  const cli = path.join(SERVER_DIST, 'cli.js');
  const args = [cli, 'tokens', 'create', '--name', 'bench', '--scopes', scopes.join(','), '--json'];
  const r = spawnSync(process.execPath, args, {
    env: { ...process.env, SIGNET_LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`signet tokens create exited ${r.status}: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Signs up, creates an API key (invoices:read + invoices:write) and one invoice. */
export async function seedMerchant(baseUrl) {
  const k = await seedKey(baseUrl, ['invoices:read', 'invoices:write']);
  const payload = JSON.stringify({ price_amount: '10.00', price_currency: 'EUR', pay_currency: 'BTC' });
  const signed = signRequest({
    apiKey: k.apiKey,
    apiSecret: k.apiSecret,
    method: 'POST',
    path: '/api/invoices',
    body: payload,
  });
  const invoice = await json(
    await fetch(`${baseUrl}/api/invoices`, { method: 'POST', headers: signed.headers, body: payload }),
  );
  return { accountId: k.accountId, apiKey: k.apiKey, apiSecret: k.apiSecret, invoiceId: invoice.data.id };
}

/** Inserts `count` more API keys for `accountId` straight into the database (the key store's columns). */
export async function insertExtraKeys(storageEnv, accountId, count) {
  const { loadConfig, openDb, loadKeyring, apiKeySecretContext, newApiKey, newApiSecret } =
    await import('./server-entry.mjs');
  const config = loadConfig({ ...storageEnv, SIGNET_MASTER_KEY: MASTER_KEY, SIGNET_LOG_LEVEL: 'silent' });
  const keyring = loadKeyring(config);
  const db = await openDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const started = performance.now();
  try {
    const now = new Date().toISOString();
    const BATCH = 400;
    for (let done = 0; done < count;) {
      const n = Math.min(BATCH, count - done);
      const rows = [];
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        const sealed = keyring.seal(newApiSecret(), apiKeySecretContext(id));
        rows.push({
          id,
          account_id: accountId,
          api_key: newApiKey(),
          name: `extra ${done + i}`,
          permissions: '["invoices:read"]',
          ip_whitelist: '[]',
          secret_enc: sealed.ciphertext,
          secret_key_id: sealed.keyId,
          created_at: now,
          created_by: 'bench',
        });
      }
      await db.kysely.insertInto('api_keys').values(rows).execute();
      done += n;
    }
  } finally {
    await db.close();
  }
  return (performance.now() - started) / 1000;
}
