import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.js';

/** Configuration is parsed once, at start: every bad value is a ConfigError naming its variable. */
describe('loadConfig', () => {
  it('accepts the defaults and parses the callback allow-list into CIDRs', () => {
    expect(loadConfig({}).callbackAllowNetworks).toEqual([]);
    expect(
      loadConfig({ SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8, fd00::/8 10.0.0.1' }).callbackAllowNetworks,
    ).toEqual(['127.0.0.0/8', 'fd00::/8', '10.0.0.1']);
  });

  it.each([
    ['SIGNET_CALLBACK_ALLOW_NETWORKS', '127.0.0.0/8,localhost'],
    ['SIGNET_CALLBACK_ALLOW_NETWORKS', '10.0.0.0/33'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['SIGNET_MASTER_KEY', 'short'],
    ['SIGNET_MODE', 'staging'],
    ['SIGNET_PUBLIC_URL', 'ftp://x'],
    ['SIGNET_WORKER', 'maybe'],
    ['SIGNET_WORKER_CONCURRENCY', '0'],
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
});
