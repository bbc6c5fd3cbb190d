import { BlockList, SocketAddress, isIP } from 'node:net';
import { parseNetwork, type Network } from '../../../platform/net/cidr.js';

export { InvalidNetworkError, parseNetworkList } from '../../../platform/net/cidr.js';

/**
 * Which IP addresses callbacks may be delivered to.
 *
 * A callback URL is chosen by a merchant, so without this policy any account could make the server
 * POST to its own loopback services, the cloud metadata endpoint or the operator's private network.
 * Only globally routable unicast addresses are allowed, unless the operator opens a range with
 * SIGNET_CALLBACK_ALLOW_NETWORKS (e.g. a sandbox whose receivers run on 127.0.0.1 or in a LAN).
 *
 * The policy works on resolved addresses, never on host names: http-agent.ts applies it at connect
 * time to every address DNS returned, and connects to the checked address.
 */

type Family = 'ipv4' | 'ipv6';

/** One refused category; the first matching category names the reason, so specific ones come first. */
interface Category {
  label: string;
  networks: readonly string[];
}

const CATEGORIES: readonly Category[] = [
  // IPv4
  { label: 'an unspecified address', networks: ['0.0.0.0/8'] },
  { label: 'a loopback address', networks: ['127.0.0.0/8'] },
  { label: 'a private address', networks: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
  { label: 'a carrier-grade NAT address', networks: ['100.64.0.0/10'] },
  // Named on its own because it is the classic SSRF target (cloud instance credentials).
  { label: 'the cloud metadata address', networks: ['169.254.169.254/32'] },
  { label: 'a link-local address', networks: ['169.254.0.0/16', 'fe80::/10'] },
  { label: 'a multicast address', networks: ['224.0.0.0/4', 'ff00::/8'] },
  { label: 'a broadcast address', networks: ['255.255.255.255/32'] },
  {
    label: 'a reserved address',
    // 192.0.0.0/24 IETF protocol assignments, 192.88.99.0/24 deprecated 6to4 relay anycast, 240/4 future use.
    networks: ['192.0.0.0/24', '192.88.99.0/24', '240.0.0.0/4'],
  },
  {
    label: 'a documentation address',
    networks: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'],
  },
  { label: 'a benchmarking address', networks: ['198.18.0.0/15', '2001:2::/48'] },
  // IPv6 (IPv4-mapped, IPv4-compatible and NAT64 forms are turned back into IPv4 before this list is read)
  { label: 'an unspecified address', networks: ['::/128'] },
  { label: 'a loopback address', networks: ['::1/128'] },
  { label: 'a unique local address', networks: ['fc00::/7'] },
  { label: 'a deprecated site-local address', networks: ['fec0::/10'] },
  // RFC 8215 local-use NAT64 prefix: translates into whatever IPv4 network the operator chose.
  { label: 'a local-use NAT64 address', networks: ['64:ff9b:1::/48'] },
  { label: 'a discard-only address', networks: ['100::/64'] },
  // Tunnels whose far end is an IPv4 address we would not see; both are deprecated and no real
  // callback receiver depends on them, so refusing them outright is simpler than decoding them.
  { label: 'a Teredo tunnel address', networks: ['2001::/32'] },
  { label: 'a 6to4 tunnel address', networks: ['2002::/16'] },
  // Everything outside 2000::/3 is not allocated for global unicast.
  { label: 'a reserved IPv6 address', networks: ['::/3', '4000::/2', '8000::/1'] },
];

/**
 * One BlockList per family. Node's BlockList also matches IPv4 addresses against IPv6 rules (through
 * their ::ffff: form) and vice versa, so a single list holding "::/3" would refuse every IPv4
 * address. Family conversions are done explicitly in check() instead.
 */
interface FamilyLists {
  ipv4: BlockList | null;
  ipv6: BlockList | null;
}

function buildLists(networks: readonly Network[]): FamilyLists {
  const lists: FamilyLists = { ipv4: null, ipv6: null };
  for (const n of networks) (lists[n.family] ??= new BlockList()).addSubnet(n.address, n.prefix, n.family);
  return lists;
}

/**
 * BlockList.check() parses its string argument on every call (several µs each in Node 20), so the
 * address is parsed once into a SocketAddress and reused for every list it is checked against.
 */
function contains(lists: FamilyLists, address: SocketAddress): boolean {
  return lists[address.family]?.check(address) ?? false;
}

/** Expands a valid IPv6 address (no zone id) into its eight 16-bit groups. */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  // A dotted IPv4 tail ("::ffff:127.0.0.1") becomes the two groups it stands for.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const o = tail.split('.').map(Number);
    const hi = (((o[0] ?? 0) << 8) | (o[1] ?? 0)).toString(16);
    const lo = (((o[2] ?? 0) << 8) | (o[3] ?? 0)).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  return [...headGroups, ...zeros, ...restGroups].map((g) => parseInt(g, 16));
}

/**
 * IPv6 forms that carry an IPv4 address the packet really goes to: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks) and well-known NAT64
 * (64:ff9b::a.b.c.d). Judging them as IPv6 would let ::ffff:127.0.0.1 or 64:ff9b::10.0.0.1 through
 * as "global"; they are judged as the IPv4 address instead.
 */
function embeddedIPv4(ip: string): string | null {
  const g = ipv6Groups(ip);
  const zeroUpTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  const mapped = zeroUpTo(5) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  // :: and ::1 are IPv6's own unspecified and loopback addresses, not IPv4-compatible ones.
  const compatible = zeroUpTo(6) && !(g[6] === 0 && (g[7] ?? 0) <= 1);
  if (!mapped && !nat64 && !compatible) return null;
  const hi = g[6] ?? 0;
  const lo = g[7] ?? 0;
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

export interface AddressVerdict {
  allowed: boolean;
  /** The address as given. */
  address: string;
  /** The address the decision was made on: the embedded IPv4 for mapped/compatible/NAT64 forms. */
  effective: string;
  /** e.g. "a private address", "a public address", "in the operator allow-list". */
  label: string;
  /** e.g. "10.0.0.1 is a private address", "::ffff:7f00:1 (127.0.0.1) is a loopback address". */
  reason: string;
}

export interface AddressPolicy {
  check(ip: string): AddressVerdict;
  isAllowed(ip: string): boolean;
  reason(ip: string): string;
}

const blockedCategories = CATEGORIES.map((c) => ({
  label: c.label,
  lists: buildLists(c.networks.map(parseNetwork)),
}));

// Union of all categories: one lookup decides public addresses (the common case); the per-category
// lists are only walked to name the reason of a refusal.
const anyBlocked = buildLists(CATEGORIES.flatMap((c) => c.networks.map(parseNetwork)));

/**
 * @param allow operator allow-list (CIDR strings, as returned by parseNetworkList). An address in it is
 * allowed even if it falls in a refused range. IPv4 entries also cover the IPv4-mapped, -compatible and
 * NAT64 forms of their addresses.
 */
export function createAddressPolicy(allow: readonly string[]): AddressPolicy {
  const allowLists = buildLists(allow.map(parseNetwork));

  const check = (ip: string): AddressVerdict => {
    const version = typeof ip === 'string' ? isIP(ip) : 0;
    // Fail closed: BlockList.check() answers false for strings it cannot parse, which would read as
    // "not blocked". Zone ids (fe80::1%eth0) are dropped; the address itself decides.
    const bare = version === 6 ? ip.split('%')[0]! : ip;
    if (version === 0 || (version === 6 && isIP(bare) !== 6)) {
      const text = String(ip);
      return {
        allowed: false,
        address: text,
        effective: text,
        label: 'not an IP address',
        reason: `${text} is not an IP address`,
      };
    }
    const v4 = version === 6 ? embeddedIPv4(bare) : null;
    const effective = v4 ?? bare;
    const family: Family = v4 !== null || version === 4 ? 'ipv4' : 'ipv6';
    const shown = v4 === null ? ip : `${ip} (${v4})`;
    const verdict = (allowed: boolean, label: string): AddressVerdict => ({
      allowed,
      address: ip,
      effective,
      label,
      reason: `${shown} is ${label}`,
    });

    const target = new SocketAddress({ address: effective, family });
    if (contains(allowLists, target)) return verdict(true, 'in the operator allow-list');
    if (v4 !== null && contains(allowLists, new SocketAddress({ address: bare, family: 'ipv6' }))) {
      return verdict(true, 'in the operator allow-list');
    }
    if (contains(anyBlocked, target)) {
      const category = blockedCategories.find((c) => contains(c.lists, target));
      return verdict(false, category?.label ?? 'a refused address');
    }
    return verdict(true, 'a public address');
  };

  return {
    check,
    isAllowed: (ip) => check(ip).allowed,
    reason: (ip) => check(ip).reason,
  };
}
