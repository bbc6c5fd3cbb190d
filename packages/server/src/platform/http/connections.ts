import type { Server, ServerOptions } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyBaseLogger } from 'fastify';
import type { Timeouts, TrustProxy } from '../config.js';

/**
 * How often Node looks for requests over their time bound. Its default (30 s) would let a
 * stalled body hold its connection for up to a minute under a 30 s bound; once a second (or
 * faster, for bounds set below 2 s) costs one pass over the open connections.
 */
export function checkingIntervalMs(timeouts: Pick<Timeouts, 'headersMs'>): number {
  return Math.max(100, Math.min(1_000, Math.floor(timeouts.headersMs / 2)));
}

/**
 * The server options bounding slow clients: headers must arrive within `headersMs` (a connection
 * that sends nothing included), the whole request within `requestMs` (a stalled body gets 408 and
 * its connection closes), a silent connection is closed after `connectionMs`, an idle keep-alive
 * one after `keepAliveMs`.
 */
export function timeoutOptions(timeouts: Timeouts): {
  requestTimeout: number;
  connectionTimeout: number;
  keepAliveTimeout: number;
  http: ServerOptions;
} {
  return {
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: checkingIntervalMs(timeouts) },
  };
}

/**
 * At most `max` open connections per client address (the socket's, at `connection` time); one
 * over it is destroyed before a byte is read. So one address cannot take every file descriptor
 * and starve everyone else. Proxies named in SIGNET_TRUST_PROXY are not capped: every client
 * behind them shares their address. With `true` or a hop count no address is known to be a proxy,
 * and the cap applies to all (raise it, or set 0 for none). The counts are this server's own.
 */
export function capConnectionsPerIp(
  server: Server,
  max: number,
  trustProxy: TrustProxy,
  log: FastifyBaseLogger,
): void {
  if (max === 0) return;
  const isProxy = Array.isArray(trustProxy) ? proxyAddr.compile(trustProxy) : () => false;
  const open = new Map<string, number>();
  /** Addresses at the cap that have been logged, so a flood writes one line, not one per socket. */
  const reported = new Set<string>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress;
    if (address === undefined) {
      socket.destroy(); // already gone
      return;
    }
    if (isProxy(address, 0)) return;
    const count = open.get(address) ?? 0;
    if (count >= max) {
      if (!reported.has(address)) {
        reported.add(address);
        log.warn(
          { remoteAddress: address, max },
          'connection refused: this address holds SIGNET_MAX_CONNECTIONS_PER_IP connections',
        );
      }
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
      if (left < max) reported.delete(address);
    });
  });
}
