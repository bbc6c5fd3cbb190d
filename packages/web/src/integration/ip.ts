/** Client-side checks for IP whitelist entries: IPv4, IPv6, or either as a CIDR range. */

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(s: string): boolean {
  if (!s || s.includes('%')) return false;
  let groups = s;
  let tailV4 = 0;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(s.slice(lastColon + 1))) return false;
    groups = s.slice(0, lastColon + 1) + '0';
    tailV4 = 1; // an embedded IPv4 counts as two groups; we replaced it by one
  }
  const dbl = groups.split('::');
  if (dbl.length > 2) return false;
  const hex = /^[0-9a-fA-F]{1,4}$/;
  const count = (part: string): number | null => {
    if (part === '') return 0;
    const g = part.split(':');
    return g.every((x) => hex.test(x)) ? g.length : null;
  };
  if (dbl.length === 2) {
    const a = count(dbl[0]!);
    const b = count(dbl[1]!);
    if (a === null || b === null) return false;
    return a + b + tailV4 <= 7;
  }
  const n = count(groups);
  return n !== null && n + tailV4 === 8;
}

/** Returns an error message, or null when the entry is valid. */
export function validateIpEntry(raw: string): string | null {
  const s = raw.trim();
  if (!s) return 'Enter an IP address or CIDR range, or remove this row.';
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const addr = s.slice(0, slash);
    const prefix = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefix)) return 'The prefix after “/” must be a number, e.g. 203.0.113.0/24.';
    const n = Number(prefix);
    if (isIPv4(addr)) return n <= 32 ? null : 'An IPv4 prefix must be between 0 and 32.';
    if (isIPv6(addr)) return n <= 128 ? null : 'An IPv6 prefix must be between 0 and 128.';
    return `“${addr}” is not a valid IPv4 or IPv6 address.`;
  }
  if (isIPv4(s) || isIPv6(s)) return null;
  return 'Not a valid IPv4 or IPv6 address or CIDR range (e.g. 203.0.113.7, 2001:db8::1 or 10.0.0.0/8).';
}
