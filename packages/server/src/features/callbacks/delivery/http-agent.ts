import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { AddressPolicy } from './ssrf.js';

/**
 * The undici Agent callbacks are sent through. Its connector resolves the host itself, checks EVERY
 * resolved address against the address policy, and only then opens the socket to one of those exact
 * addresses. Checking at connect time (not when the URL is saved, not in a separate pre-flight
 * lookup) is what defeats DNS rebinding: there is no second resolution between check and connect.
 *
 * Literal-IP hosts skip DNS and are checked as they are; WHATWG URL parsing has already turned
 * decimal/hex/octal/short IPv4 forms (2130706433, 0x7f000001, 0177.0.0.1, 127.1) into dotted quads,
 * and the policy unwraps IPv4-mapped/NAT64 IPv6 forms.
 *
 * This Agent never consults HTTP_PROXY/HTTPS_PROXY: a proxy would make the connect-time check
 * meaningless (the socket would go to the proxy, the proxy would pick the address).
 */

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** DNS resolution as the agent needs it: every address of the host. Injectable for tests. */
export type LookupAll = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, order: 'verbatim' });

/** A connection refused by the address policy; never reaches the network. */
export class SsrfBlockedError extends Error {
  readonly code = 'SIGNET_SSRF_BLOCKED';
  /** e.g. "10.0.0.1 is a private address", "::ffff:7f00:1 (127.0.0.1) is a loopback address". */
  readonly reason: string;
  constructor(
    /** Host name from the URL (equal to `address` for literal-IP URLs). */
    readonly hostname: string,
    /** The refused address. */
    readonly address: string,
    /** The IPv4 address a mapped/NAT64 IPv6 address stands for, else `address`. */
    readonly effective: string,
    /** Why, e.g. "a private address". */
    readonly label: string,
  ) {
    const shown = effective === address ? address : `${address} (${effective})`;
    super(
      hostname === address
        ? `refused: ${shown} is ${label}`
        : `refused: ${hostname} resolves to ${shown}, which is ${label}`,
    );
    this.name = 'SsrfBlockedError';
    this.reason = `${shown} is ${label}`;
  }
}

/** DNS gave no usable answer; carries the resolver's code (ENOTFOUND, EAI_AGAIN, ...). */
export class DnsLookupError extends Error {
  constructor(
    readonly hostname: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`DNS lookup failed for ${hostname} (${code})`, options);
    this.name = 'DnsLookupError';
  }
}

export interface CallbackAgentOptions {
  policy: AddressPolicy;
  /** Defaults to the system resolver (getaddrinfo, so /etc/hosts applies). */
  lookup?: LookupAll;
  /** Per connection attempt (one address). The overall per-delivery deadline lives in deliver.ts. */
  connectTimeoutMs?: number;
  /**
   * Opens the socket to an already-checked address. Defaults to undici's own connector (TCP/TLS).
   * Tests wrap it to prove that refused addresses never reach it.
   */
  connector?: buildConnector.connector;
  /** Passed to undici's Agent (connections per origin, keep-alive, ...); `connect` is ours. */
  agentOptions?: Omit<Agent.Options, 'connect'>;
}

async function resolveAndCheck(
  hostname: string,
  policy: AddressPolicy,
  lookup: LookupAll,
): Promise<string[]> {
  let addresses: string[];
  if (isIP(hostname) !== 0) {
    addresses = [hostname];
  } else {
    let answers: readonly ResolvedAddress[];
    try {
      answers = await lookup(hostname);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw new DnsLookupError(hostname, typeof code === 'string' ? code : 'ERROR', { cause: err });
    }
    addresses = [...new Set(answers.map((a) => a.address))];
    if (addresses.length === 0) throw new DnsLookupError(hostname, 'ENODATA');
  }
  // All of them, not just the one we are about to use: if any answer is internal, the name is
  // pointing at internal infrastructure and falling back to its public siblings would still let an
  // attacker steer us by ordering answers.
  for (const address of addresses) {
    const verdict = policy.check(address);
    if (!verdict.allowed) throw new SsrfBlockedError(hostname, address, verdict.effective, verdict.label);
  }
  return addresses;
}

/** The connector on its own, for callers that build their own undici Client/Pool. */
export function createCheckedConnector(options: CallbackAgentOptions): buildConnector.connector {
  const { policy } = options;
  const lookup = options.lookup ?? systemLookup;
  const open = options.connector ?? buildConnector({ timeout: options.connectTimeoutMs ?? 10_000 });

  return (connectOptions, callback) => {
    const hostname = connectOptions.hostname;
    resolveAndCheck(hostname, policy, lookup).then(
      (addresses) => {
        // TLS must still verify the certificate (and send SNI) for the name in the URL, not the IP
        // we dial; for literal-IP URLs there is no name, and SNI must not carry an IP.
        const servername = isIP(hostname) === 0 ? hostname : undefined;
        const tryAddress = (index: number): void => {
          const address = addresses[index]!;
          try {
            open({ ...connectOptions, hostname: address, servername }, (...args) => {
              const [err] = args;
              // Like a browser, fall through to the next checked address when one is unreachable.
              if (err !== null && index + 1 < addresses.length) {
                tryAddress(index + 1);
                return;
              }
              callback(...args);
            });
          } catch (err) {
            callback(err instanceof Error ? err : new Error(String(err)), null);
          }
        };
        tryAddress(0);
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
    );
  };
}

export function createCallbackAgent(options: CallbackAgentOptions): Agent {
  return new Agent({ ...options.agentOptions, connect: createCheckedConnector(options) });
}
