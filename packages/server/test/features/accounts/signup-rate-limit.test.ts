import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectEnvelope,
  PASSWORD,
  startPeerApp,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from '../../support/test-app.js';
import { loadConfig } from '../../../src/platform/config.js';

/**
 * Issue 13, finding 8: signups are limited per source address (SIGNET_SIGNUP_PER_IP_PER_HOUR,
 * default 10) and in total (SIGNET_SIGNUP_PER_HOUR, default 200), counted in the database so the
 * limits hold across every instance sharing it.
 */
const HOUR_MS = 3_600_000;

const signUpOn = (t: TestApp, ip: string, email = uniqueEmail('signup')) =>
  t.app.inject({
    method: 'POST',
    url: '/dashboard/api/signup',
    payload: { business_name: 'Limited Ltd', email, password: PASSWORD },
    remoteAddress: ip,
  });

describe('signups from one address', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The defaults, set here because the suite's test app may raise them for every other test.
    t = await startTestApp({ SIGNET_SIGNUP_PER_IP_PER_HOUR: '10', SIGNET_SIGNUP_PER_HOUR: '200' });
  });
  afterAll(() => t.close());

  it('the 11th within an hour answers 429 with Retry-After; another address still signs up', async () => {
    for (let i = 0; i < 10; i++) expect((await signUpOn(t, '203.0.113.5')).statusCode).toBe(201);
    const refused = await signUpOn(t, '203.0.113.5');
    expectEnvelope(refused, 429, 'rate_limited');
    expect(refused.headers['retry-after']).toBe(String(HOUR_MS / 1000));
    expect(refused.cookies.find((c) => c.name === 'signet_session')).toBeUndefined();

    expect((await signUpOn(t, '203.0.113.6')).statusCode).toBe(201);
    t.clock.advance(HOUR_MS / 2);
    expect(Number((await signUpOn(t, '203.0.113.5')).headers['retry-after'])).toBe(HOUR_MS / 2000);
    t.clock.advance(HOUR_MS / 2 + 1000);
    expect((await signUpOn(t, '203.0.113.5')).statusCode).toBe(201);
  });

  it('an IPv6 client counts by its /64', async () => {
    for (let i = 1; i <= 10; i++) expect((await signUpOn(t, `2001:db8:5:6::${i}`)).statusCode).toBe(201);
    expectEnvelope(await signUpOn(t, '2001:db8:5:6::abcd'), 429, 'rate_limited');
    expect((await signUpOn(t, '2001:db8:5:7::1')).statusCode).toBe(201);
  });

  it('requests refused by validation do not use up the allowance', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 20; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/dashboard/api/signup',
        payload: { business_name: '', email: 'not an e-mail', password: 'x' },
        remoteAddress: ip,
      });
      expect(res.statusCode).toBe(422);
    }
    expect((await signUpOn(t, ip)).statusCode).toBe(201);
  });
});

describe('the limits hold across instances sharing the database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ SIGNET_SIGNUP_PER_IP_PER_HOUR: '3', SIGNET_SIGNUP_PER_HOUR: '8' });
    b = await startPeerApp(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('per address: signups on either instance count for both, also in parallel', async () => {
    expect((await signUpOn(a, '198.51.100.1')).statusCode).toBe(201);
    expect((await signUpOn(b, '198.51.100.1')).statusCode).toBe(201);
    expect((await signUpOn(a, '198.51.100.1')).statusCode).toBe(201);
    expectEnvelope(await signUpOn(b, '198.51.100.1'), 429, 'rate_limited');
    expectEnvelope(await signUpOn(a, '198.51.100.1'), 429, 'rate_limited');

    // Twelve at once from one new address, spread over both instances: at most three get through.
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signUpOn(i % 2 ? a : b, '198.51.100.2')),
    );
    const created = burst.filter((r) => r.statusCode === 201).length;
    expect(created).toBeLessThanOrEqual(3);
    expect(burst.every((r) => r.statusCode === 201 || r.statusCode === 429)).toBe(true);
  });

  it('in total: once 8 accounts were made this hour, any address waits', async () => {
    // 3 + up to 3 above; fill up to 8 from fresh addresses, then one more is refused.
    let n = 0;
    for (let i = 0; n < 20; i++, n++) {
      const res = await signUpOn(i % 2 ? a : b, `198.51.100.${10 + i}`);
      if (res.statusCode === 429) break;
      expect(res.statusCode).toBe(201);
    }
    expect(n).toBeLessThan(20);
    const refused = await signUpOn(a, '198.51.100.99');
    expectEnvelope(refused, 429, 'rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    a.clock.advance(HOUR_MS + 1000);
    expect((await signUpOn(a, '198.51.100.99')).statusCode).toBe(201);
  });
});

describe('decideSignup (pure)', () => {
  // Imported here so that the HTTP tests above run (and fail) against code without the limiter.
  let decideSignup: typeof import('../../../src/features/accounts/signup-throttle.js').decideSignup;
  beforeAll(async () => {
    ({ decideSignup } = await import('../../../src/features/accounts/signup-throttle.js'));
  });
  const now = new Date('2030-01-01T12:00:00Z');
  const limits = { perIpPerHour: 2, perHour: 3 };
  const ago = (ms: number) => now.getTime() - ms;

  it('allows below both limits', () => {
    expect(decideSignup(now, { ip: [ago(1000)], all: [ago(1000), ago(2000)] }, limits)).toEqual({
      allow: true,
    });
  });

  it('waits until the oldest counted signup of the address is an hour old', () => {
    expect(decideSignup(now, { ip: [ago(60_000), ago(600_000)], all: [] }, limits)).toEqual({
      allow: false,
      retryAfterMs: HOUR_MS - 600_000,
    });
  });

  it('the total bound waits for the newest signups beyond the limit to age out', () => {
    const all = [ago(1000), ago(5000), ago(9000), ago(20_000)];
    expect(decideSignup(now, { ip: [], all }, limits)).toEqual({
      allow: false,
      retryAfterMs: HOUR_MS - 9000,
    });
  });

  it('ignores what is older than the hour; a total bound of 0 is off', () => {
    expect(decideSignup(now, { ip: [ago(HOUR_MS), ago(HOUR_MS + 1)], all: [] }, limits)).toEqual({
      allow: true,
    });
    const all = Array.from({ length: 1000 }, (_, i) => ago(i));
    expect(decideSignup(now, { ip: [], all }, { perIpPerHour: 2, perHour: 0 })).toEqual({ allow: true });
  });
});

describe('configuration', () => {
  it('SIGNET_SIGNUP_PER_IP_PER_HOUR must be a positive integer, SIGNET_SIGNUP_PER_HOUR ≥ 0', () => {
    expect(loadConfig({}).signupLimits).toEqual({ perIpPerHour: 10, perHour: 200 });
    expect(
      loadConfig({ SIGNET_SIGNUP_PER_IP_PER_HOUR: '100000', SIGNET_SIGNUP_PER_HOUR: '0' }).signupLimits,
    ).toEqual({ perIpPerHour: 100000, perHour: 0 });
    expect(() => loadConfig({ SIGNET_SIGNUP_PER_IP_PER_HOUR: '0' })).toThrow(/SIGNET_SIGNUP_PER_IP_PER_HOUR/);
    expect(() => loadConfig({ SIGNET_SIGNUP_PER_HOUR: '-1' })).toThrow(/SIGNET_SIGNUP_PER_HOUR/);
    expect(() => loadConfig({ SIGNET_SIGNUP_PER_HOUR: 'lots' })).toThrow(/SIGNET_SIGNUP_PER_HOUR/);
  });
});
