import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTeamMember,
  expectEnvelope,
  PASSWORD,
  signup,
  startTestApp,
  type DashboardUser,
  type TestApp,
} from '../../support/test-app.js';
import { asUser, codeNow, enrol, loginRequest } from './two-factor-kit.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SIGNET_REQUIRE_2FA: 'true' });
});
afterAll(() => t.close());

const refused = async (user: DashboardUser, method: 'GET' | 'POST', url: string, body?: unknown) => {
  const res = await user.request(method, url, body);
  const env = expectEnvelope(res, 403, 'two_factor_required');
  expect(env.error.details[0]).toEqual({ reason: 'two_factor_required' });
};

describe('SIGNET_REQUIRE_2FA=true', () => {
  it('a user who has not enrolled reaches only the session, /me and the enrolment', async () => {
    expect(t.config.require2fa).toBe(true);
    const root = await signup(t.app);
    await refused(root, 'GET', '/api-keys');
    await refused(root, 'GET', '/permissions');
    await refused(root, 'GET', '/callback-settings');
    await refused(root, 'GET', '/users');
    await refused(root, 'GET', '/audit-log');
    await refused(root, 'POST', '/api-keys', { name: 'k', permissions: ['invoices:read'], ip_whitelist: [] });

    expect((await root.request('GET', '/me')).statusCode).toBe(200);
    const status = (await root.request('GET', '/2fa')).json();
    expect(status).toMatchObject({ enabled: false, required: true });
    expect((await root.request('POST', '/session/step-up', { password: PASSWORD })).statusCode).toBe(204);

    // A started but unconfirmed enrolment is not enough.
    const { secret } = (await root.request('POST', '/2fa/totp')).json();
    await refused(root, 'GET', '/api-keys');
    expect((await root.request('POST', '/2fa/totp/confirm', { code: codeNow(t, secret) })).statusCode).toBe(
      200,
    );

    expect((await root.request('GET', '/api-keys')).statusCode).toBe(200);
    expect((await root.request('GET', '/users')).statusCode).toBe(200);
    expect((await root.request('DELETE', '/session')).statusCode).toBe(204);
  });

  it('applies to each user: an invited member must enrol too, and can log out without', async () => {
    const root = await signup(t.app);
    await enrol(t, root);
    const admin = await addTeamMember(t.app, root, 'admin');
    await refused(admin, 'GET', '/api-keys');
    expect((await root.request('GET', '/api-keys')).statusCode).toBe(200);
    expect((await admin.request('DELETE', '/session')).statusCode).toBe(204);
  });

  it('turning two-factor off puts the user back behind the gate; login asks for the code once enrolled', async () => {
    const root = await signup(t.app);
    const { secret } = await enrol(t, root);
    const email = root.body.user.email;
    const res = await loginRequest(t.app, email, PASSWORD, codeNow(t, secret));
    expect(res.statusCode).toBe(200);
    const again = asUser(t.app, res);
    expect((await again.request('GET', '/api-keys')).statusCode).toBe(200);
    expect((await again.request('DELETE', '/2fa/totp', { code: codeNow(t, secret, 1) })).statusCode).toBe(
      204,
    );
    await refused(again, 'GET', '/api-keys');
  });

  it('public routes are not gated', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    const bad = await loginRequest(t.app, 'nobody@example.com', 'x');
    expectEnvelope(bad, 401, 'unauthenticated');
  });
});

describe('without the policy (the default)', () => {
  it('nobody has to enrol', async () => {
    const plain = await startTestApp();
    try {
      expect(plain.config.require2fa).toBe(false);
      const root = await signup(plain.app);
      expect((await root.request('GET', '/api-keys')).statusCode).toBe(200);
      expect((await root.request('GET', '/2fa')).json().required).toBe(false);
    } finally {
      await plain.close();
    }
  });
});
