import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, signedCallOn, type CreatedKey } from './merchant-test-kit.js';
import { waitUntil } from '../../support/eventually.js';
import {
  signup,
  startPeerApp,
  startTestApp,
  testDatabaseUrl,
  type DashboardUser,
  type TestApp,
} from '../../support/test-app.js';

// The operator's CLI is a process of its own: its only way to reach a running server is the
// database (and, on PostgreSQL, the notification its transaction sends).
const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../../dist/cli.js');

let first: TestApp;
let peer: TestApp;
let root: DashboardUser;
let key: CreatedKey;

beforeAll(async () => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  first = await startTestApp();
  peer = await startPeerApp(first);
  root = await signup(first.app, 'Suspended From The Shell');
  key = await createKey(root, ['invoices:read']);
});
afterAll(async () => {
  await peer.close();
  await first.close();
});

const listInvoicesOnPeer = () =>
  signedCallOn(peer.app, new Date(), key, { method: 'GET', path: '/api/invoices' });

function signet(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, SIGNET_LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.SIGNET_MASTER_KEY;
  Object.assign(env, first.storageEnv); // the same SQLite directory or PostgreSQL schema
  return run(process.execPath, [cli, ...args], { env });
}

describe('signet accounts suspend, run as a separate process', () => {
  it('stops the key cached on another instance within a second', async () => {
    const cache = peer.app.keyAuth.cache;
    // A look-up that overlaps the key's own creation notice is not cached, so the first use may not stick.
    const cached = await waitUntil(
      async () => (await listInvoicesOnPeer()).statusCode === 200 && cache.has(key.api_key),
      1000,
    );
    expect(cached).toBe(true);

    const { stdout } = await signet('accounts', 'suspend', root.body.account.id);
    expect(stdout).toContain('is now suspended');
    const exited = performance.now();

    if (testDatabaseUrl) {
      // No request touches the peer meanwhile, and its sweep runs every 5 s: only the NOTIFY of the
      // CLI's transaction can empty this entry so soon.
      expect(await waitUntil(() => !cache.has(key.api_key), 500)).toBe(true);
    }
    // On SQLite no notice crosses processes; the cache's bounded staleness (750 ms) is the guarantee.
    const refused = await waitUntil(async () => (await listInvoicesOnPeer()).statusCode === 403, 1000);
    expect(refused).toBe(true);
    expect(performance.now() - exited).toBeLessThan(1000);

    const res = await listInvoicesOnPeer();
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'unauthorized',
      details: [{ reason: 'account_not_active' }],
    });
  });
});
