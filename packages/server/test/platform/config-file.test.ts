import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.js';
import { ordersConfig, writeConfig } from '../features/gateway/gateway-fixture.js';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../src/cli.ts');
const UPSTREAM = 'http://127.0.0.1:9000';

function errorOf(
  config: unknown,
  ext: '.yaml' | '.json' = '.yaml',
  env: Record<string, string> = {},
): string {
  const file = writeConfig(config, ext);
  try {
    loadConfig({ SIGNET_CONFIG: file, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toContain(file);
    return message;
  }
  throw new Error(`config was accepted: ${JSON.stringify(config)}`);
}

/** The example config with one change made by `edit` to a deep copy. */
function edited(edit: (c: ReturnType<typeof ordersConfig>) => void) {
  const config = structuredClone(ordersConfig(UPSTREAM));
  edit(config);
  return config;
}

describe('the config file (SIGNET_CONFIG)', () => {
  it("the issue's example is accepted, as YAML and as JSON, with defaults filled in", () => {
    for (const ext of ['.yaml', '.json'] as const) {
      const apis = loadConfig({ SIGNET_CONFIG: writeConfig(ordersConfig(UPSTREAM), ext) }).apis;
      expect(apis.permissions.map((p) => p.id)).toEqual(['orders:read', 'orders:write']);
      expect(apis.gateways).toHaveLength(1);
      const [orders] = apis.gateways;
      expect(orders!.mount).toBe('/v1');
      expect(orders!.upstream.href).toBe(`${UPSTREAM}/`);
      expect(orders!.forwardAuthorization).toBe(false);
      expect(orders!.routes[0]).toEqual({ method: 'GET', path: '/orders/*', permission: 'orders:read' });
      expect(apis.cryptopaySandbox).toEqual({ enabled: true, mount: '/api' });
    }
  });

  it('no config file: the Cryptopay sandbox alone at /api, as before', () => {
    expect(loadConfig({}).apis).toMatchObject({
      gateways: [],
      permissions: [],
      cryptopaySandbox: { enabled: true, mount: '/api' },
    });
  });

  it('takes the gateway secret from the environment with secret_env', () => {
    const config = edited((c) => {
      delete (c.apis[0] as { secret?: string }).secret;
      (c.apis[0] as Record<string, unknown>).secret_env = 'ORDERS_SECRET';
    });
    const secret = 's'.repeat(40);
    const apis = loadConfig({ SIGNET_CONFIG: writeConfig(config), ORDERS_SECRET: secret }).apis;
    expect(apis.gateways[0]!.secret).toBe(secret);
    expect(errorOf(config)).toContain(
      'apis[0].secret_env: environment variable ORDERS_SECRET must hold at least 32 characters (it is not set)',
    );
  });

  // Each kind of bad config names the field's path and what was expected.
  it.each<[string, (c: ReturnType<typeof ordersConfig>) => void, string]>([
    [
      'unknown permission in a rule',
      (c) => (c.apis[0]!.routes[1]!.permission = 'orders:delete'),
      'apis[0].routes[1].permission: unknown permission "orders:delete"',
    ],
    [
      'overlapping mounts',
      (c) => c.apis.push({ ...structuredClone(c.apis[0]!), name: 'more', mount: '/v1/more' }),
      'apis[1].mount: "/v1/more" overlaps apis[0].mount "/v1"',
    ],
    [
      "a mount over the sandbox's",
      (c) => (c.apis[0]!.mount = '/api'),
      'apis[0].mount: "/api" overlaps cryptopay_sandbox.mount "/api"',
    ],
    [
      "a mount on Signet's own paths",
      (c) => (c.apis[0]!.mount = '/dashboard/x'),
      'apis[0].mount: must not be /dashboard',
    ],
    [
      'a mount with a trailing slash',
      (c) => (c.apis[0]!.mount = '/v1/'),
      'apis[0].mount: expected a path such as /v1',
    ],
    [
      'a bad upstream URL',
      (c) => (c.apis[0]!.upstream = 'localhost:9000'),
      'apis[0].upstream: expected an http:// or https:// URL',
    ],
    [
      'an upstream that is not a URL',
      (c) => (c.apis[0]!.upstream = 'not a url'),
      'apis[0].upstream: expected an absolute http:// or https:// URL',
    ],
    [
      'an upstream with a query',
      (c) => (c.apis[0]!.upstream = 'http://h/?a=1'),
      'apis[0].upstream: must not carry a query',
    ],
    [
      'a missing upstream',
      (c) => delete (c.apis[0] as Partial<(typeof c.apis)[0]>).upstream,
      'apis[0].upstream:',
    ],
    ['a missing name', (c) => delete (c.apis[0] as Partial<(typeof c.apis)[0]>).name, 'apis[0].name:'],
    ['missing routes', (c) => delete (c.apis[0] as Partial<(typeof c.apis)[0]>).routes, 'apis[0].routes:'],
    ['no routes', (c) => (c.apis[0]!.routes = []), 'apis[0].routes: expected at least one route rule'],
    [
      'a rule without a permission',
      (c) => delete (c.apis[0]!.routes[0] as Partial<(typeof c.apis)[0]['routes'][0]>).permission,
      'apis[0].routes[0].permission:',
    ],
    [
      'a bad method',
      (c) => (c.apis[0]!.routes[0]!.method = 'FETCH'),
      'apis[0].routes[0].method: expected one of GET, POST',
    ],
    [
      '* not last',
      (c) => (c.apis[0]!.routes[0]!.path = '/orders/*/items'),
      'apis[0].routes[0].path: expected a path such as /orders',
    ],
    [
      'a rule declared twice',
      (c) => c.apis[0]!.routes.push({ ...c.apis[0]!.routes[0]! }),
      'apis[0].routes[7]: GET /orders/* is declared twice',
    ],
    [
      'a permission declared twice',
      (c) => c.permissions.push({ ...c.permissions[0]! }),
      'permissions[2].id: "orders:read" is declared twice',
    ],
    [
      'a bad permission id',
      (c) => (c.permissions[0]!.id = 'Orders Read'),
      'permissions[0].id: expected an id such as orders:read',
    ],
    [
      'a short secret',
      (c) => (c.apis[0]!.secret = 'short'),
      'apis[0].secret: must be at least 32 characters',
    ],
    [
      'no secret',
      (c) => delete (c.apis[0] as Partial<(typeof c.apis)[0]>).secret,
      'apis[0].secret: expected exactly one of secret or secret_env',
    ],
    [
      'a misspelt key',
      (c) => ((c.apis[0] as Record<string, unknown>).upstrem = UPSTREAM),
      'apis[0]: Unrecognized key: "upstrem"',
    ],
    [
      'a duplicate API name',
      (c) => c.apis.push({ ...structuredClone(c.apis[0]!), mount: '/v2' }),
      'apis[1].name: "orders" is used by another API',
    ],
    ['a bad timeout', (c) => ((c.apis[0] as Record<string, unknown>).timeout_ms = 0), 'apis[0].timeout_ms:'],
  ])('%s', (_kind, edit, expected) => {
    expect(errorOf(edited(edit))).toContain(expected);
  });

  it('lists every problem at once', () => {
    const message = errorOf(
      edited((c) => {
        c.apis[0]!.routes[0]!.permission = 'nope:read';
        c.apis[0]!.routes[1]!.permission = 'nope:write';
      }),
    );
    expect(message).toContain('apis[0].routes[0].permission');
    expect(message).toContain('apis[0].routes[1].permission');
  });

  it('a broken document, an unknown extension and a missing file are refused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-config-'));
    const yaml = path.join(dir, 'bad.yaml');
    fs.writeFileSync(yaml, 'apis:\n  - name: orders\n   mount: /v1\n');
    const json = path.join(dir, 'bad.json');
    fs.writeFileSync(json, '{"apis": [');
    const toml = path.join(dir, 'signet.toml');
    fs.writeFileSync(toml, 'x = 1');
    for (const [file, expected] of [
      [yaml, '(document):'],
      [json, '(document):'],
      [toml, 'unsupported extension ".toml"'],
      [path.join(dir, 'missing.yaml'), 'cannot be read: ENOENT'],
    ]) {
      expect(() => loadConfig({ SIGNET_CONFIG: file! })).toThrow(ConfigError);
      expect(() => loadConfig({ SIGNET_CONFIG: file! })).toThrow(expected!);
    }
  });

  /** `signet serve` with `config` in a data directory of its own; resolves to its exit code and stderr. */
  async function serve(config: unknown): Promise<{ code: number; stderr: string; file: string }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-config-'));
    const file = writeConfig(config);
    const env = { ...process.env, SIGNET_DATA_DIR: dataDir, SIGNET_CONFIG: file, PORT: '0' };
    try {
      await run(process.execPath, ['--import', 'tsx', cli, 'serve'], { env, timeout: 30_000 });
      throw new Error('signet serve accepted the config');
    } catch (err) {
      const e = err as { code: number; stderr: string };
      return { code: e.code, stderr: e.stderr, file };
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('a bad config stops `signet serve` with exit code 2, naming the file and the field', async () => {
    const { code, stderr, file } = await serve(
      edited((c) => (c.apis[0]!.routes[1]!.permission = 'orders:delete')),
    );
    expect(code).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr).toContain('apis[0].routes[1].permission: unknown permission "orders:delete"');
  });

  it('a config permission that the sandbox also declares stops `signet serve` with exit code 2', async () => {
    const { code, stderr } = await serve(
      edited((c) => c.permissions.push({ id: 'invoices:read', description: 'mine' })),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('permission "invoices:read" is declared by both');
  });
});
