import { describe, expect, it } from 'vitest';
import {
  decideLogin,
  LOCK_CAP_MS,
  pairLockedUntil,
  throttleAddress,
  type LoginLimits,
} from '../../../src/features/sessions/login-throttle.js';
import { ConfigError, loadConfig } from '../../../src/platform/config.js';

const W = 15 * 60_000;
const limits: LoginLimits = { maxFailures: 5, windowMs: W, maxFailuresPerEmail: 50, maxFailuresPerIp: 30 };
const now = new Date('2030-06-01T12:00:00Z');
const T = now.getTime();
const none = { pair: [], email: [], ip: [] };
const times = (n: number, at: (i: number) => number) => Array.from({ length: n }, (_, i) => at(i));

describe('decideLogin: per (e-mail, address)', () => {
  it('allows until the pair has the limit of attempts in the window, then waits a window from the last', () => {
    expect(decideLogin(now, none, limits)).toEqual({ allow: true });
    const four = times(4, (i) => T - 60_000 * (i + 1));
    expect(decideLogin(now, { ...none, pair: four }, limits)).toEqual({ allow: true });
    const five = [...four, T - 30_000];
    expect(decideLogin(now, { ...none, pair: five }, limits)).toEqual({
      allow: false,
      retryAfterMs: W - 30_000,
    });
    expect(decideLogin(new Date(T - 30_000 + W), { ...none, pair: five }, limits)).toEqual({ allow: true });
  });

  it('failures spread wider than the window never lock', () => {
    const spread = times(20, (i) => T - (i + 1) * (W / 4 + 1000));
    expect(pairLockedUntil(spread, limits)).toBe(-Infinity);
    expect(decideLogin(now, { ...none, pair: spread }, limits)).toEqual({ allow: true });
  });

  it('each failure after a lock locks again for twice as long, up to the cap', () => {
    let at = T - 10 * 24 * 3_600_000;
    const history = times(5, () => at);
    expect(pairLockedUntil(history, limits)).toBe(at + W);
    const expected = [2 * W, 4 * W, 8 * W, 16 * W, 32 * W, 64 * W, LOCK_CAP_MS, LOCK_CAP_MS];
    for (const lock of expected) {
      at = pairLockedUntil(history, limits); // the next failure comes the moment the lock ends
      history.push(at);
      expect(pairLockedUntil(history, limits) - at).toBe(lock);
    }
  });

  it('attempts made during a lock (in flight when it began) do not lengthen it', () => {
    const burst = times(40, () => T - 1000);
    expect(pairLockedUntil(burst, limits)).toBe(T - 1000 + W);
    expect(decideLogin(now, { ...none, pair: burst }, limits)).toEqual({
      allow: false,
      retryAfterMs: W - 1000,
    });
  });

  it('order of the history does not matter', () => {
    const h = [T - 5000, T - 1000, T - 4000, T - 2000, T - 3000];
    expect(pairLockedUntil(h, limits)).toBe(T - 1000 + W);
  });
});

describe('decideLogin: per e-mail and per address', () => {
  it('the e-mail bound counts every address and waits until the newest beyond it leave the window', () => {
    const email = times(60, (i) => T - 1000 * (i + 1)); // newest first: 1 s, 2 s, … ago
    expect(decideLogin(now, { ...none, email }, limits)).toEqual({
      allow: false,
      retryAfterMs: W - 50_000, // the 50th newest, 50 s ago
    });
    expect(decideLogin(now, { ...none, email: email.slice(0, 49) }, limits)).toEqual({ allow: true });
  });

  it('the address bound is the same across e-mails; outside the window nothing counts', () => {
    const ip = times(30, () => T - 2000);
    expect(decideLogin(now, { ...none, ip }, limits)).toEqual({ allow: false, retryAfterMs: W - 2000 });
    expect(decideLogin(now, { ...none, ip: times(30, () => T - W) }, limits)).toEqual({ allow: true });
  });

  it('the longest of the waits is the answer', () => {
    const history = { pair: times(5, () => T - 1000), email: times(50, () => T - 5000), ip: [] };
    expect(decideLogin(now, history, limits)).toEqual({ allow: false, retryAfterMs: W - 1000 });
  });
});

describe('throttleAddress: what counts as one address', () => {
  it('IPv4 as it is; IPv4-mapped IPv6 as IPv4', () => {
    expect(throttleAddress('203.0.113.9')).toBe('203.0.113.9');
    expect(throttleAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(throttleAddress('::FFFF:cb00:7109')).toBe('203.0.113.9');
  });

  it('IPv6 by its /64, however it is written', () => {
    const key = '2001:db8:1:2::/64';
    for (const ip of [
      '2001:db8:1:2::1',
      '2001:0db8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:DB8:1:2:a:b:c:d',
      '2001:db8:1:2::198.51.100.7',
      '2001:db8:1:2::1%eth0',
    ]) {
      expect(throttleAddress(ip), ip).toBe(key);
    }
    expect(throttleAddress('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64');
    expect(throttleAddress('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('leaves anything that is not an IP address alone', () => {
    expect(throttleAddress('unknown')).toBe('unknown');
    expect(throttleAddress('')).toBe('');
  });
});

describe('login throttle settings', () => {
  it('defaults, and values from the environment', () => {
    expect(loadConfig({}).loginThrottle).toEqual(limits);
    expect(
      loadConfig({
        SIGNET_LOGIN_MAX_FAILURES: '3',
        SIGNET_LOGIN_WINDOW_SECONDS: '60',
        SIGNET_LOGIN_MAX_FAILURES_PER_EMAIL: '20',
        SIGNET_LOGIN_MAX_FAILURES_PER_IP: '100',
      }).loginThrottle,
    ).toEqual({ maxFailures: 3, windowMs: 60_000, maxFailuresPerEmail: 20, maxFailuresPerIp: 100 });
  });

  it('refuses values that are not positive integers, and a per-e-mail bound below the pair limit', () => {
    for (const [name, value] of [
      ['SIGNET_LOGIN_MAX_FAILURES', '0'],
      ['SIGNET_LOGIN_WINDOW_SECONDS', '-5'],
      ['SIGNET_LOGIN_MAX_FAILURES_PER_EMAIL', 'many'],
      ['SIGNET_LOGIN_MAX_FAILURES_PER_IP', '1.5'],
    ] as const) {
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
    }
    expect(() =>
      loadConfig({ SIGNET_LOGIN_MAX_FAILURES: '10', SIGNET_LOGIN_MAX_FAILURES_PER_EMAIL: '5' }),
    ).toThrow(/SIGNET_LOGIN_MAX_FAILURES_PER_EMAIL: must be at least SIGNET_LOGIN_MAX_FAILURES/);
  });
});
