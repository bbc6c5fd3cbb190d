import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRaw, rawRequest, type RawResponse } from './raw-http.js';
import {
  freshStorage,
  HttpSession,
  startSignet,
  type SignetProcess,
  type Storage,
} from './signet-process.js';

/**
 * Issue 13, finding 2, as the attack ran: one real `signet serve` (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL), and 25 then 40 wrong-password logins for one e-mail, each on its own socket,
 * all at once. At most the limit (5) may have their password checked (401); the rest answer 429.
 * The right password, sent the moment the 5th 401 arrives while the rest are still in flight, is
 * refused too; if fewer than 5 were checked, it is sent after the burst and must succeed.
 */
const LIMIT = 5;
const PASSWORD = 'correct horse battery staple';

let storage: Storage;
let server: SignetProcess;
beforeAll(async () => {
  storage = await freshStorage();
  server = await startSignet('serve', { ...storage.env, SIGNET_LOGIN_MAX_FAILURES: String(LIMIT) });
});
afterAll(async () => {
  await server?.stop();
  await storage?.cleanup();
});

const login = (email: string, password: string) =>
  rawRequest(
    server.port,
    buildRaw(
      'POST',
      '/dashboard/api/session',
      [['Content-Type', 'application/json']],
      JSON.stringify({ email, password }),
    ),
    30_000,
  );

describe.each([25, 40])('%i parallel wrong-password logins over real sockets', (n) => {
  it(`check at most ${LIMIT} passwords`, async () => {
    const email = `race-${n}-${Date.now()}@example.com`;
    const signup = await new HttpSession(server.url).request('POST', '/signup', {
      business_name: `Race ${n}`,
      email,
      password: PASSWORD,
    });
    expect(signup.status).toBe(201);

    let verified = 0;
    let verifiedWhenSent = 0;
    let right: Promise<RawResponse> | undefined;
    const sendRight = () => {
      if (!right) {
        verifiedWhenSent = verified;
        right = login(email, PASSWORD);
      }
      return right;
    };
    const wrong = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        login(email, `wrong password ${i}`).then((res) => {
          if (res.status === 401 && ++verified === LIMIT) void sendRight();
          return res;
        }),
      ),
    );
    const rightRes = await sendRight();
    const statuses = wrong.map((r) => r.status);
    const checked = statuses.filter((s) => s === 401).length;
    console.info(`login race over HTTP, N=${n}: ${checked} verified, ${n - checked} refused (429)`);
    expect(checked, `passwords verified out of ${n}`).toBeLessThanOrEqual(LIMIT);
    expect(statuses.filter((s) => s === 429).length).toBe(n - checked);
    for (const res of wrong.filter((r) => r.status === 429)) {
      expect(JSON.parse(res.body).error.code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(rightRes.status).toBe(verifiedWhenSent >= LIMIT ? 429 : 200);
  });
});
