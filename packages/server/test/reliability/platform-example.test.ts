import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, freshStorage, startSignet, type SignetProcess, type Storage } from './signet-process.js';

const run = promisify(execFile);
const EXAMPLES = path.resolve(import.meta.dirname, '../../../../examples/platform');

/**
 * The README's "Driving Signet from your platform" walkthrough, as a user runs it: a real server,
 * a token from the CLI, then examples/platform/provision.mjs and provision.sh against it.
 */
describe('examples/platform against a running Signet', () => {
  let storage: Storage;
  let signet: SignetProcess;
  let token: string;
  beforeAll(async () => {
    storage = await freshStorage();
    signet = await startSignet('serve', storage.env);
    const created = await run(
      process.execPath,
      [
        CLI,
        'tokens',
        'create',
        '--name',
        'example',
        '--scopes',
        'accounts:read,accounts:write,portal,events:write',
        '--json',
      ],
      { env: { ...process.env, ...storage.env } },
    );
    token = JSON.parse(created.stdout).token;
  });
  afterAll(async () => {
    await signet?.stop();
    await storage?.cleanup();
  });

  const env = () => ({ ...process.env, SIGNET_URL: signet.url, SIGNET_TOKEN: token });
  const portalUrlIn = (out: string) => /(http\S+\/portal\/[A-Za-z0-9_-]+)/.exec(out)?.[1];
  const accountIn = (out: string) => /account ([0-9a-f-]{36})/.exec(out)?.[1];

  for (const [name, cmd, args] of [
    ['provision.mjs', process.execPath, [path.join(EXAMPLES, 'provision.mjs')]],
    ['provision.sh', 'bash', [path.join(EXAMPLES, 'provision.sh')]],
  ] as const) {
    it(`${name} provisions, activates, opens a portal link and publishes; a re-run is the same account`, async () => {
      const externalId = `ci-${name}-${Date.now()}`;
      const first = await run(cmd, [...args, externalId], { env: env() });
      const account = accountIn(first.stdout);
      expect(account, first.stdout).toBeDefined();
      expect(first.stdout).toContain('not_sent');
      const link = portalUrlIn(first.stdout);
      expect(link, first.stdout).toBeDefined();
      const opened = await fetch(link!, { redirect: 'manual' });
      expect(opened.status).toBe(302);
      expect(opened.headers.get('location')).toBe('/integration/api');

      const again = await run(cmd, [...args, externalId], { env: env() });
      expect(accountIn(again.stdout)).toBe(account);
    });
  }

  it('a token without the scopes makes the example exit 1 naming the missing scope', async () => {
    const args = [path.join(EXAMPLES, 'provision.mjs'), `ci-denied-${Date.now()}`];
    const denied = await run(process.execPath, args, {
      env: { ...env(), SIGNET_TOKEN: 'sgt_' + 'A'.repeat(43) },
    }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(denied?.code).toBe(1);
    expect(denied?.stderr).toMatch(/401|invalid_token/);
  });
});
