import net, { BlockList } from 'node:net';

/**
 * API key IP whitelists: IPv4 or IPv6 addresses and CIDR ranges, parsed and normalised here once
 * (at key creation) so the hot path only asks a prebuilt `BlockList`. An empty list means any address.
 */
export const MAX_WHITELIST_ENTRIES = 100;

export type WhitelistEntry = { family: 'ipv4' | 'ipv6'; address: string; prefix: number | null };

export type WhitelistParse =
  { ok: true; entries: string[] } | { ok: false; errors: { field: string; message: string }[] };

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** Canonical text of an address, or null when it is not a plain IPv4/IPv6 address. */
function canonicalAddress(text: string): { family: 'ipv4' | 'ipv6'; address: string } | null {
  // net.isIPv4 already refuses leading zeros ("010.0.0.1" is octal to some parsers, decimal to others).
  if (net.isIPv4(text)) return { family: 'ipv4', address: text };
  // Zone ids (fe80::1%eth0) name an interface of the sending host, meaningless in a whitelist.
  if (text.includes('%') || !net.isIPv6(text)) return null;
  const mapped = MAPPED_IPV4.exec(text);
  if (mapped && net.isIPv4(mapped[1]!)) return { family: 'ipv4', address: mapped[1]! };
  // The WHATWG URL parser prints IPv6 in RFC 5952 form: lower case, zeros compressed.
  return { family: 'ipv6', address: new URL(`http://[${text}]/`).hostname.slice(1, -1) };
}

/** One entry: `1.2.3.4`, `10.0.0.0/8`, `2001:db8::1`, `2001:db8::/32`; null when invalid. */
export function parseWhitelistEntry(raw: string): WhitelistEntry | null {
  const text = raw.trim();
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = canonicalAddress(addressText);
  if (!address) return null;
  if (slash === -1) return { ...address, prefix: null };
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > (address.family === 'ipv4' ? 32 : 128)) return null;
  return { ...address, prefix };
}

export const formatWhitelistEntry = (e: WhitelistEntry) =>
  e.prefix === null ? e.address : `${e.address}/${e.prefix}`;

/**
 * Validates a whole list: every bad entry is reported under its own field (`ip_whitelist.2`),
 * valid entries come back normalised and without duplicates, in their original order.
 */
export function parseIpWhitelist(raw: readonly string[], field = 'ip_whitelist'): WhitelistParse {
  if (raw.length > MAX_WHITELIST_ENTRIES)
    return { ok: false, errors: [{ field, message: `at most ${MAX_WHITELIST_ENTRIES} entries` }] };
  const errors: { field: string; message: string }[] = [];
  const entries: string[] = [];
  raw.forEach((value, i) => {
    const entry = parseWhitelistEntry(value);
    if (!entry) {
      errors.push({ field: `${field}.${i}`, message: 'must be an IPv4 or IPv6 address or CIDR range' });
      return;
    }
    const text = formatWhitelistEntry(entry);
    if (!entries.includes(text)) entries.push(text);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

/** The BlockList for stored (already normalised) entries; null means "any address". */
export function buildWhitelist(entries: readonly string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const text of entries) {
    const entry = parseWhitelistEntry(text);
    // Stored entries were validated on the way in; a bad one can only come from a hand-edited row,
    // and ignoring it narrows the whitelist rather than widening it.
    if (!entry) continue;
    if (entry.prefix === null) list.addAddress(entry.address, entry.family);
    else list.addSubnet(entry.address, entry.prefix, entry.family);
  }
  return list;
}

/** Whether `ip` (as Fastify reports it, possibly IPv4-mapped IPv6) may use a key with this whitelist. */
export function ipAllowed(whitelist: BlockList | null, ip: string): boolean {
  if (whitelist === null) return true;
  const address = canonicalAddress(ip);
  if (!address) return false;
  return whitelist.check(address.address, address.family);
}
