import { isIP } from 'node:net';
import type { LoginThrottleConfig } from '../../platform/config.js';

/**
 * Whether a login attempt may have its password checked, as a pure function of the attempts the
 * database holds (`login-attempt-store.ts`) and the clock. The attempts are counted in the
 * database, not in memory, so the limits hold across every instance sharing it, and each attempt
 * is claimed (written) before its password is verified, so attempts still in flight count too.
 *
 * - Per (e-mail, address): `maxFailures` within `windowMs` lock that pair for `windowMs`; each
 *   further failure after a lock has ended locks it again for twice as long, up to `LOCK_CAP_MS`.
 *   Wrong passwords from one address therefore never lock the owner out at another.
 * - Per e-mail, from all addresses: the looser `maxFailuresPerEmail` within `windowMs`.
 * - Per address, for any e-mails (spraying): `maxFailuresPerIp` within `windowMs`.
 *
 * A right password ends its pair's history (that address knows it); it does not touch the others.
 */
export type LoginLimits = LoginThrottleConfig;

/** The longest a pair is locked (its history is kept that long, or the window if longer). */
export const LOCK_CAP_MS = 24 * 3_600_000;

/** How far back a pair's attempts matter: the longest lock it can earn. */
export const pairMemoryMs = (limits: LoginLimits) => Math.max(LOCK_CAP_MS, limits.windowMs);

/**
 * Attempts other than the one being decided, failed or still in flight, as epoch milliseconds
 * (any order). `pair` reaches back `pairMemoryMs`; `email` and `ip` need only the window.
 */
export interface LoginHistory {
  pair: readonly number[];
  email: readonly number[];
  ip: readonly number[];
}

export type LoginDecision = { allow: true } | { allow: false; retryAfterMs: number };

const lockMs = (strikes: number, limits: LoginLimits) =>
  Math.min(limits.windowMs * 2 ** (strikes - 1), pairMemoryMs(limits));

/**
 * Until when the pair is locked (epoch ms; -Infinity when it never was), replaying its attempts in
 * order: the first lock once `maxFailures` fall within one window; after that, every attempt made
 * once the lock has ended locks it again, each time for twice as long. Attempts made during a lock
 * (in flight when it began) do not add to it.
 */
export function pairLockedUntil(attempts: readonly number[], limits: LoginLimits): number {
  const times = [...attempts].sort((a, b) => a - b);
  let strikes = 0;
  let until = -Infinity;
  let oldest = 0; // index of the oldest attempt within the window ending at times[i]
  for (let i = 0; i < times.length; i++) {
    const at = times[i]!;
    if (strikes > 0) {
      if (at >= until) until = at + lockMs(++strikes, limits);
      continue;
    }
    while (times[oldest]! <= at - limits.windowMs) oldest++;
    if (i - oldest + 1 >= limits.maxFailures) {
      strikes = 1;
      until = at + lockMs(1, limits);
    }
  }
  return until;
}

/** Milliseconds until fewer than `max` of `attempts` fall within the window ending now (≤ 0: already). */
function windowWait(now: number, attempts: readonly number[], max: number, windowMs: number): number {
  const recent = attempts.filter((at) => at > now - windowMs).sort((a, b) => b - a);
  if (recent.length < max) return 0;
  // Once the max-th newest leaves the window, fewer than `max` remain in it.
  return recent[max - 1]! + windowMs - now;
}

export function decideLogin(now: Date, history: LoginHistory, limits: LoginLimits): LoginDecision {
  const t = now.getTime();
  const wait = Math.max(
    pairLockedUntil(history.pair, limits) - t,
    windowWait(t, history.email, limits.maxFailuresPerEmail, limits.windowMs),
    windowWait(t, history.ip, limits.maxFailuresPerIp, limits.windowMs),
  );
  return wait > 0 ? { allow: false, retryAfterMs: wait } : { allow: true };
}

/**
 * The address the limits count by (logins here, signups in the accounts feature): an IPv4 address
 * as it is, an IPv4-mapped IPv6 one as its IPv4 address, any other IPv6 address by its /64, which
 * one subscriber (a home, a server) usually holds whole: counted one by one, a single client could
 * rotate through 2^64 of them.
 */
export function throttleAddress(ip: string): string {
  if (isIP(ip.split('%')[0]!) !== 6) return ip;
  const groups = ipv6Groups(ip.split('%')[0]!);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` and a dotted IPv4 tail expanded). */
function ipv6Groups(address: string): number[] {
  let s = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? 0 : 8 - h.length - t.length;
  return [...h, ...Array<string>(zeros).fill('0'), ...t].map((g) => parseInt(g, 16));
}
