import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, PASSWORD, signup, startTestApp, type TestApp } from '../../support/test-app.js';
import { LOGIN_DEFAULTS, logInFrom } from './login-test-kit.js';

/**
 * Issue 13, finding 2: parallel logins for one e-mail must not all be checked. Each attempt claims
 * its place in the throttle before the password is verified, so in-flight attempts count; at most
 * the limit (SIGNET_LOGIN_MAX_FAILURES, 5 by default) of a burst is verified (401), the rest 429.
 * Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
const LIMIT = 5;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(LOGIN_DEFAULTS);
});
afterAll(() => t.close());

const logIn = (email: string, password: string, ip: string) => logInFrom(t, email, password, ip);

/**
 * `n` wrong passwords for one account from one address, all in flight at once. The right password
 * is sent the moment the limit-th 401 arrives (while the rest of the burst is still running), or,
 * if the burst ends with fewer than the limit verified, right after it: whether it may succeed is
 * then known exactly (it may only if fewer than the limit were verified before it).
 */
async function burst(n: number, ip: string) {
  const root = await signup(t.app, `Race ${n}`);
  const email = root.body.user.email;
  let verifiedWhenSent: number | undefined;
  let verified = 0;
  let correct: Promise<LightMyRequestResponse> | undefined;
  const sendCorrect = () => {
    if (!correct) {
      verifiedWhenSent = verified;
      correct = logIn(email, PASSWORD, ip);
    }
    return correct;
  };
  const wrong = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      logIn(email, `wrong password ${i}`, ip).then((res) => {
        if (res.statusCode === 401 && ++verified === LIMIT) void sendCorrect();
        return res;
      }),
    ),
  );
  const right = await sendCorrect();
  return { wrong, right, verifiedWhenSent: verifiedWhenSent!, email };
}

describe.each([25, 40])('%i parallel wrong-password logins for one e-mail', (n) => {
  it(`verify at most ${LIMIT}; the rest answer 429, and the right password after the limit too`, async () => {
    const ip = `198.51.100.${n}`;
    const { wrong, right, verifiedWhenSent } = await burst(n, ip);
    const statuses = wrong.map((r) => r.statusCode);
    const verified = statuses.filter((s) => s === 401).length;
    expect(verified, `wrong passwords verified out of ${n}`).toBeLessThanOrEqual(LIMIT);
    expect(statuses.filter((s) => s === 429).length).toBe(n - verified);
    for (const res of wrong.filter((r) => r.statusCode === 429)) {
      expectEnvelope(res, 429, 'rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    if (verifiedWhenSent >= LIMIT) {
      expectEnvelope(right, 429, 'rate_limited');
    } else {
      // Fewer than the limit were verified (the rest were refused while others were in flight):
      // the right password still has its turn.
      expect(right.statusCode).toBe(200);
    }
  });
});

describe('a burst with the right password in the middle', () => {
  it('verifies no more than the limit before the right one; everything is 200, 401 or 429', async () => {
    const ip = '198.51.100.77';
    const root = await signup(t.app, 'Race middle');
    const email = root.body.user.email;
    const passwords = Array.from({ length: 30 }, (_, i) => (i === 15 ? PASSWORD : `wrong ${i}`));
    const results = await Promise.all(passwords.map((p) => logIn(email, p, ip)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 200 || s === 401 || s === 429)).toBe(true);
    // Without a success in the burst the bound is exact; a success starts its pair's count afresh
    // (that address knows the password), so attempts claimed after it may be verified too.
    const wrongVerified = statuses.filter((s) => s === 401).length;
    if (statuses[15] !== 200) expect(wrongVerified).toBeLessThanOrEqual(LIMIT);
    else expect(wrongVerified).toBeLessThanOrEqual(2 * LIMIT - 1);
  });
});
