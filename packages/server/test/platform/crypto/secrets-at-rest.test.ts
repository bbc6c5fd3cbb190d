import { FEATURES } from '../../../src/features.js';
import { sealedColumnsOf } from '../../../src/platform/feature.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyring } from '../../../src/platform/crypto/master-key.js';
import { resealAll } from '../../../src/platform/crypto/rotate.js';
import { Keyring, SecretBoxError } from '../../../src/platform/crypto/secret-box.js';
import { readCallbackSecret } from '../../../src/features/callbacks/settings/callback-secret.js';
import { signup, startTestApp, type TestApp } from '../../support/test-app.js';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../../src/cli.ts');

describe('secret box', () => {
  const keyring = new Keyring(randomBytes(32));

  it('round-trips and never returns plaintext in the sealed form', () => {
    const sealed = keyring.seal('s3cret-value', 'ctx:1');
    expect(sealed.ciphertext).not.toContain('s3cret');
    expect(keyring.open(sealed, 'ctx:1')).toBe('s3cret-value');
    expect(keyring.seal('s3cret-value', 'ctx:1').ciphertext).not.toBe(sealed.ciphertext); // fresh IV
  });

  it('fails closed on a wrong context, a flipped bit, truncation or an unknown key', () => {
    const sealed = keyring.seal('value', 'ctx:1');
    expect(() => keyring.open(sealed, 'ctx:2')).toThrow(SecretBoxError);
    const raw = Buffer.from(sealed.ciphertext, 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => keyring.open({ ...sealed, ciphertext: raw.toString('base64url') }, 'ctx:1')).toThrow(
      SecretBoxError,
    );
    expect(() => keyring.open({ ...sealed, ciphertext: 'abc' }, 'ctx:1')).toThrow(SecretBoxError);
    expect(() => new Keyring(randomBytes(32)).open(sealed, 'ctx:1')).toThrow(/no master key/);
  });

  it('generates a key file with mode 0600 and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-key-'));
    const a = loadKeyring({ masterKey: undefined, previousMasterKeys: [], dataDir: dir });
    const file = path.join(dir, 'master.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const b = loadKeyring({ masterKey: undefined, previousMasterKeys: [], dataDir: dir });
    expect(b.current.id).toBe(a.current.id);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('master key rotation', () => {
  let t: TestApp;
  const oldKey = randomBytes(32);
  beforeAll(async () => {
    t = await startTestApp({ SIGNET_MASTER_KEY: oldKey.toString('hex') });
  });
  afterAll(() => t.close());

  it('re-encrypts every secret under the new key; the old key is then not needed', async () => {
    const users = [await signup(t.app), await signup(t.app)];
    const before = await Promise.all(users.map((u) => readCallbackSecret(t.ctx, u.body.account.id)));
    const newKey = randomBytes(32);
    const rotating = new Keyring(newKey, [oldKey]);
    expect(await resealAll(t.ctx.db, rotating, sealedColumnsOf(FEATURES))).toBeGreaterThanOrEqual(2);
    expect(await resealAll(t.ctx.db, rotating, sealedColumnsOf(FEATURES))).toBe(0); // idempotent
    const onlyNew = { ...t.ctx, keyring: new Keyring(newKey) };
    const after = await Promise.all(users.map((u) => readCallbackSecret(onlyNew, u.body.account.id)));
    expect(after).toEqual(before);
    await expect(readCallbackSecret(t.ctx, users[0]!.body.account.id)).rejects.toThrow(/no master key/);
  });
});

describe('operator CLI', () => {
  it('accounts list/activate/suspend, master-key rotate with the key file, users reset-password', async () => {
    const t = await startTestApp({ SIGNET_MODE: 'production' });
    const root = await signup(t.app);
    const secret = await readCallbackSecret(t.ctx, root.body.account.id);
    const env: NodeJS.ProcessEnv = { ...process.env, SIGNET_LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    delete env.SIGNET_MASTER_KEY;
    Object.assign(env, t.storageEnv); // the CLI reaches the same SQLite directory or PostgreSQL schema
    const signet = (...args: string[]) => run(process.execPath, ['--import', 'tsx', cli, ...args], { env });
    try {
      const listed = JSON.parse((await signet('accounts', 'list', '--json')).stdout);
      expect(listed).toEqual([
        expect.objectContaining({ id: root.body.account.id, status: 'pending', users: 1 }),
      ]);
      await signet('accounts', 'activate', root.body.account.id);
      expect((await root.request('GET', '/me')).json().account.status).toBe('active');
      await signet('accounts', 'suspend', root.body.account.id);
      expect((await root.request('GET', '/me')).json().account.status).toBe('suspended');
      await expect(signet('accounts', 'activate', 'no-such-id')).rejects.toMatchObject({ code: 1 });

      const oldId = t.ctx.keyring.current.id;
      const out = (await signet('master-key', 'rotate')).stdout;
      expect(out).toMatch(/re-encrypted 1 secret/);
      const rotated = loadKeyring({
        masterKey: undefined,
        previousMasterKeys: [],
        dataDir: t.config.dataDir,
      });
      expect(rotated.current.id).not.toBe(oldId);
      expect(await readCallbackSecret({ ...t.ctx, keyring: rotated }, root.body.account.id)).toBe(secret);

      const reset = (await signet('users', 'reset-password', root.body.user.email)).stdout;
      const password = reset.match(/new password: (\S+)/)?.[1];
      expect(password).toBeTruthy();
      expect((await root.request('GET', '/me')).statusCode).toBe(401); // sessions ended
      const login = await t.app.inject({
        method: 'POST',
        url: '/dashboard/api/session',
        payload: { email: root.body.user.email, password },
      });
      expect(login.statusCode).toBe(200);

      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('account_id', '=', root.body.account.id)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['account.activated', 'account.suspended', 'user.password_reset']),
      );
      expect(audit.find((a) => a.action === 'account.activated')?.actor).toMatch(/^operator:/);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('a bad environment variable stops the CLI with a message naming it', async () => {
    const env = { ...process.env, PORT: 'eighty', SIGNET_MODE: 'staging' };
    const err = await run(process.execPath, ['--import', 'tsx', cli, 'migrate'], { env }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/PORT/);
    expect(err.stderr).toMatch(/SIGNET_MODE/);
  });
});
