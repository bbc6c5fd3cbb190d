import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type TrustProxy } from '../../../src/platform/config.js';
import {
  capConnectionsPerIp,
  checkingIntervalMs,
  timeoutOptions,
} from '../../../src/platform/http/connections.js';

/** Issue 13, finding 1: the bounds on slow clients, as configured (the end-to-end test is test/reliability/stalled-body.test.ts). */
describe('slow-client configuration', () => {
  it('has bounded defaults', () => {
    const c = loadConfig({});
    expect(c.timeouts).toEqual({
      requestMs: 30_000,
      headersMs: 10_000,
      connectionMs: 120_000,
      keepAliveMs: 72_000,
    });
    expect(c.maxConnectionsPerIp).toBe(256);
    expect(timeoutOptions(c.timeouts)).toEqual({
      requestTimeout: 30_000,
      connectionTimeout: 120_000,
      keepAliveTimeout: 72_000,
      http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    });
  });

  it('reads the variables; a short request bound shortens the headers bound and the checks', () => {
    const c = loadConfig({
      SIGNET_REQUEST_TIMEOUT_MS: '1500',
      SIGNET_KEEP_ALIVE_TIMEOUT_MS: '5000',
      SIGNET_CONNECTION_TIMEOUT_MS: '60000',
      SIGNET_MAX_CONNECTIONS_PER_IP: '0',
    });
    expect(c.timeouts).toEqual({
      requestMs: 1_500,
      headersMs: 1_500,
      connectionMs: 60_000,
      keepAliveMs: 5_000,
    });
    expect(c.maxConnectionsPerIp).toBe(0);
    expect(checkingIntervalMs(c.timeouts)).toBe(750);
    expect(checkingIntervalMs({ headersMs: 50 })).toBe(100);
  });

  it.each([
    [{ SIGNET_REQUEST_TIMEOUT_MS: '0' }, 'SIGNET_REQUEST_TIMEOUT_MS'],
    [{ SIGNET_REQUEST_TIMEOUT_MS: 'soon' }, 'SIGNET_REQUEST_TIMEOUT_MS'],
    [{ SIGNET_HEADERS_TIMEOUT_MS: '-1' }, 'SIGNET_HEADERS_TIMEOUT_MS'],
    [{ SIGNET_REQUEST_TIMEOUT_MS: '5000', SIGNET_HEADERS_TIMEOUT_MS: '6000' }, 'SIGNET_HEADERS_TIMEOUT_MS'],
    [{ SIGNET_CONNECTION_TIMEOUT_MS: '1.5' }, 'SIGNET_CONNECTION_TIMEOUT_MS'],
    [{ SIGNET_KEEP_ALIVE_TIMEOUT_MS: '0' }, 'SIGNET_KEEP_ALIVE_TIMEOUT_MS'],
    [{ SIGNET_MAX_CONNECTIONS_PER_IP: '-1' }, 'SIGNET_MAX_CONNECTIONS_PER_IP'],
    [{ SIGNET_MAX_CONNECTIONS_PER_IP: 'many' }, 'SIGNET_MAX_CONNECTIONS_PER_IP'],
  ])('refuses %j, naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe('capConnectionsPerIp', () => {
  let server: http.Server | undefined;
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  /** A server capped at `max`; opens `n` connections from `from` and says how many it closed. */
  async function closedOf(max: number, trustProxy: TrustProxy, from: string, n: number): Promise<number> {
    server = http.createServer((_req, res) => res.end('ok'));
    capConnectionsPerIp(server, max, trustProxy, pino({ level: 'silent' }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    let closed = 0;
    for (let i = 0; i < n; i++) {
      const socket = net.connect({ port, host: '127.0.0.1', localAddress: from });
      socket.on('error', () => undefined);
      socket.on('close', () => closed++);
      sockets.push(socket);
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    await new Promise((r) => setTimeout(r, 300));
    return closed;
  }

  it('closes the connections of one address beyond the cap', async () => {
    expect(await closedOf(5, false, '127.0.0.3', 8)).toBe(3);
  });

  it('does not cap a proxy named in SIGNET_TRUST_PROXY (its clients share its address)', async () => {
    expect(await closedOf(5, ['127.0.0.3'], '127.0.0.3', 8)).toBe(0);
  });

  it('caps every address when the proxies are only counted or all trusted', async () => {
    expect(await closedOf(5, 1, '127.0.0.3', 8)).toBe(3);
  });

  it('0 is no cap', async () => {
    expect(await closedOf(0, false, '127.0.0.3', 8)).toBe(0);
  });
});
