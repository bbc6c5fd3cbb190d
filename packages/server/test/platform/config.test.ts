import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.js';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../src/cli.ts');

/** Configuration is parsed once, at start: every bad value is a ConfigError naming its variable. */
describe('loadConfig', () => {
  it('accepts the defaults and parses the callback allow-list into CIDRs', () => {
    expect(loadConfig({}).callbackAllowNetworks).toEqual([]);
    expect(
      loadConfig({ SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8, fd00::/8 10.0.0.1' }).callbackAllowNetworks,
    ).toEqual(['127.0.0.0/8', 'fd00::/8', '10.0.0.1']);
  });

  it('reads SIGNET_TRUST_PROXY as a flag, a hop count or a list of ranges', () => {
    const trust = (value: string) => loadConfig({ SIGNET_TRUST_PROXY: value }).trustProxy;
    expect(trust('no')).toBe(false);
    expect(trust('yes')).toBe(true);
    expect(trust('2')).toBe(2);
    expect(trust('loopback, 10.0.0.0/255.0.0.0,192.168.1.7, fd00::/8')).toEqual([
      'loopback',
      '10.0.0.0/255.0.0.0',
      '192.168.1.7',
      'fd00::/8',
    ]);
  });

  // One or more bad values of every kind of variable: flags, numbers, ports, URLs, keys, key lists,
  // enums, the callback allow-list and the trusted-proxy list.
  it.each([
    ['SIGNET_CALLBACK_ALLOW_NETWORKS', '127.0.0.0/8,localhost'],
    ['SIGNET_CALLBACK_ALLOW_NETWORKS', '10.0.0.0/33'],
    ['SIGNET_CALLBACK_ALLOW_NETWORKS', '10.0.0.0/'],
    ['SIGNET_TRUST_PROXY', '10.0.0.0/33'],
    ['SIGNET_TRUST_PROXY', 'loopback,proxy.internal'],
    ['SIGNET_TRUST_PROXY', '10.0.0.0/255.0.255.0'],
    ['SIGNET_TRUST_PROXY', '0.0.0.0/0'],
    ['PORT', '70000'],
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://x'],
    ['SIGNET_MASTER_KEY', 'short'],
    ['SIGNET_MASTER_KEY_PREVIOUS', `${'a'.repeat(64)},short`],
    ['SIGNET_MODE', 'staging'],
    ['SIGNET_PUBLIC_URL', 'ftp://x'],
    ['SIGNET_ALLOW_INSECURE_CALLBACKS', 'sure'],
    ['SIGNET_WORKER', 'maybe'],
    ['SIGNET_WORKER_CONCURRENCY', '0'],
    ['SIGNET_SESSION_IDLE_MINUTES', '1.5'],
    ['SIGNET_SESSION_MAX_HOURS', '-1'],
    ['SIGNET_BODY_LIMIT_BYTES', 'lots'],
    ['SIGNET_WORKER_METRICS_PORT', 'on'],
    ['SIGNET_LOG_LEVEL', 'loud'],
  ])('%s=%s is refused, naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
  });

  it('a bad network entry stops the CLI with exit code 2, naming the variable and the entry', async () => {
    // A data directory of its own, in case the configuration were (wrongly) accepted and migrate ran.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-config-'));
    const env = {
      ...process.env,
      SIGNET_DATA_DIR: dataDir,
      SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8, 10.0.0.0/33',
    };
    const err = await run(process.execPath, ['--import', 'tsx', cli, 'migrate'], { env }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('SIGNET_CALLBACK_ALLOW_NETWORKS');
    expect(err.stderr).toContain('"10.0.0.0/33"');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
