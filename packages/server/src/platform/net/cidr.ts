import { isIP } from 'node:net';

/**
 * CIDR lists as operators write them in configuration (SIGNET_CALLBACK_ALLOW_NETWORKS). Parsed in
 * the platform so the configuration is validated once, at start, with the variable named.
 */
export interface Network {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

export class InvalidNetworkError extends Error {
  constructor(readonly entry: string) {
    super(
      `invalid network "${entry}" in the callback allow-list: expected an IPv4 or IPv6 CIDR such as ` +
        `10.0.0.0/8, 127.0.0.1/32 or fd00::/8 (a bare address means a single host)`,
    );
    this.name = 'InvalidNetworkError';
  }
}

export function parseNetwork(entry: string): Network {
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const version = isIP(address);
  if (version === 0 || address.includes('%')) throw new InvalidNetworkError(entry);
  const max = version === 4 ? 32 : 128;
  let prefix = max;
  if (slash !== -1) {
    const bits = entry.slice(slash + 1);
    // Digits only: Number('') is 0 and Number('0x8') is 8, both of which would hide a typo.
    if (!/^\d{1,3}$/.test(bits)) throw new InvalidNetworkError(entry);
    prefix = Number(bits);
    if (prefix > max) throw new InvalidNetworkError(entry);
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * Parses SIGNET_CALLBACK_ALLOW_NETWORKS: CIDRs separated by commas and/or whitespace. Empty input
 * gives an empty list. Throws InvalidNetworkError naming the first bad entry, so a typo stops the
 * server at startup instead of silently leaving a range closed (or open).
 */
export function parseNetworkList(csv: string): string[] {
  const entries = csv
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const entry of entries) parseNetwork(entry);
  return entries;
}

/** Prefix length of a contiguous IPv4 netmask (255.255.0.0 → 16); null for anything else. */
export function netmaskPrefix(mask: string): number | null {
  if (isIP(mask) !== 4) return null;
  const bits = mask
    .split('.')
    .map((octet) => Number(octet).toString(2).padStart(8, '0'))
    .join('');
  if (!/^1*0*$/.test(bits)) return null;
  const zero = bits.indexOf('0');
  return zero === -1 ? 32 : zero;
}
