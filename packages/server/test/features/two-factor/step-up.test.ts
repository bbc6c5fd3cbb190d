import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTeamMember,
  expectEnvelope,
  login,
  PASSWORD,
  signup,
  startTestApp,
  type DashboardUser,
  type TestApp,
} from '../../support/test-app.js';
import { auditActions, codeNow, enrol, nextStep } from './two-factor-kit.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const STEP_UP_MS = 10 * 60_000; // SIGNET_STEP_UP_MINUTES' default

/** Every credential action, as a request that would succeed on a fresh session. */
async function credentialActions(root: DashboardUser) {
  const key = (
    await root.request('POST', '/api-keys', {
      name: 'to delete',
      permissions: ['invoices:read'],
      ip_whitelist: [],
    })
  ).json();
  const member = await addTeamMember(t.app, root, 'view');
  return [
    ['POST', '/api-keys', { name: 'k', permissions: ['invoices:read'], ip_whitelist: [] }],
    ['DELETE', `/api-keys/${key.id}`, undefined],
    ['GET', '/callback-settings/secret', undefined],
    ['POST', '/callback-settings/secret', undefined],
    ['PUT', '/callback-settings', { callback_url: 'https://example.com/cb' }],
    ['POST', '/invitations', { email: `invitee-${Date.now()}@example.com`, role: 'view' }],
    ['PATCH', `/users/${member.body.user.id}`, { role: 'support' }],
    ['POST', '/2fa/totp', undefined],
  ] as const;
}

function staleAnswer(res: Awaited<ReturnType<DashboardUser['request']>>, factor: 'totp' | 'password') {
  const body = expectEnvelope(res, 403, 'reauthentication_required');
  expect(body.error.details[0]).toEqual({ reason: 'step_up', factor });
}

describe('step-up for credential actions', () => {
  it('a login counts as fresh; after SIGNET_STEP_UP_MINUTES every credential action answers 403', async () => {
    const root = await signup(t.app);
    const actions = await credentialActions(root);
    t.clock.advance(STEP_UP_MS);
    for (const [method, url, body] of actions) staleAnswer(await root.request(method, url, body), 'password');
    // The guard answers before the route looks at anything (these would be 409/422 when fresh).
    staleAnswer(await root.request('POST', '/2fa/recovery-codes'), 'password');
    staleAnswer(await root.request('POST', '/2fa/totp/confirm', { code: '123456' }), 'password');
    // Reads and other actions are not credential actions.
    expect((await root.request('GET', '/api-keys')).statusCode).toBe(200);
    expect((await root.request('GET', '/callback-settings')).statusCode).toBe(200);
    expect((await root.request('GET', '/users')).statusCode).toBe(200);
    expect((await root.request('GET', '/2fa')).json().step_up).toEqual({
      factor: 'password',
      fresh_until: null,
    });

    // The password steps up; every action then passes.
    const step = await root.request('POST', '/session/step-up', { password: PASSWORD });
    expect(step.statusCode).toBe(204);
    for (const [method, url, body] of actions)
      expect((await root.request(method, url, body)).statusCode, `${method} ${url}`).toBeLessThan(300);
    expect(await auditActions(t, root.body.account.id)).toContain('session.stepped_up');
  });

  it('fresh strictly within the window, on the test clock', async () => {
    const root = await signup(t.app);
    const create = () =>
      root.request('POST', '/api-keys', { name: 'k', permissions: ['invoices:read'], ip_whitelist: [] });
    const status = (await root.request('GET', '/2fa')).json();
    expect(status.step_up.fresh_until).toBe(new Date(t.clock.now.getTime() + STEP_UP_MS).toISOString());
    t.clock.advance(STEP_UP_MS - 1);
    expect((await create()).statusCode).toBe(201);
    t.clock.advance(1);
    staleAnswer(await create(), 'password');
  });

  it('another login (a new session) is fresh again; the old session stays stale', async () => {
    const root = await signup(t.app);
    t.clock.advance(STEP_UP_MS + 1);
    const again = await login(t.app, root.body.user.email);
    expect((await again.request('GET', '/callback-settings/secret')).statusCode).toBe(200);
    staleAnswer(await root.request('GET', '/callback-settings/secret'), 'password');
  });

  it('an accepted invitation is a fresh session too', async () => {
    const root = await signup(t.app);
    const admin = await addTeamMember(t.app, root, 'admin');
    const res = await admin.request('POST', '/api-keys', {
      name: 'k',
      permissions: ['invoices:read'],
      ip_whitelist: [],
    });
    expect(res.statusCode).toBe(201);
  });

  it('a wrong password is a 422 on the field and counts towards the throttle', async () => {
    const root = await signup(t.app);
    t.clock.advance(STEP_UP_MS);
    const wrong = await root.request('POST', '/session/step-up', { password: 'not it' });
    expect(expectEnvelope(wrong, 422, 'validation_failed').error.details[0]).toMatchObject({
      field: 'password',
    });
    const none = await root.request('POST', '/session/step-up', {});
    expect(expectEnvelope(none, 422, 'validation_failed').error.details[0]).toMatchObject({
      field: 'password',
    });
    for (let i = 0; i < 4; i++) await root.request('POST', '/session/step-up', { password: 'not it' });
    const throttled = await root.request('POST', '/session/step-up', { password: PASSWORD });
    expectEnvelope(throttled, 429, 'rate_limited');
    expect(throttled.headers['retry-after']).toBe('900');
    // The window passes; the right password works and clears the count.
    t.clock.advance(15 * 60_000 + 1);
    expect((await root.request('POST', '/session/step-up', { password: PASSWORD })).statusCode).toBe(204);
  });

  it('with two-factor authentication a code is needed (the password is not enough) and is single use', async () => {
    const root = await signup(t.app);
    const { secret, codes } = await enrol(t, root);
    const create = () =>
      root.request('POST', '/api-keys', { name: 'k', permissions: ['invoices:read'], ip_whitelist: [] });
    t.clock.advance(STEP_UP_MS);
    nextStep(t);
    staleAnswer(await create(), 'totp');
    expect((await root.request('GET', '/2fa')).json().step_up).toEqual({ factor: 'totp', fresh_until: null });

    const withPassword = await root.request('POST', '/session/step-up', { password: PASSWORD });
    expect(expectEnvelope(withPassword, 422, 'validation_failed').error.details[0]).toMatchObject({
      field: 'code',
    });
    const wrong = await root.request('POST', '/session/step-up', { code: '000000' });
    expect(expectEnvelope(wrong, 422, 'validation_failed').error.details[0]).toMatchObject({ field: 'code' });

    const code = codeNow(t, secret);
    expect((await root.request('POST', '/session/step-up', { code })).statusCode).toBe(204);
    expect((await create()).statusCode).toBe(201);

    // Expired again: the same code (still in its window) is a replay; a recovery code works.
    t.clock.advance(STEP_UP_MS);
    const replay = await root.request('POST', '/session/step-up', { code });
    expectEnvelope(replay, 422, 'validation_failed');
    expect((await root.request('POST', '/session/step-up', { code: codes[0] })).statusCode).toBe(204);
    expect((await create()).statusCode).toBe(201);
    const actions = await auditActions(t, root.body.account.id);
    expect(actions).toContain('two_factor.recovery_code_used');
    expect(actions.filter((a) => a === 'session.stepped_up')).toHaveLength(2);
  });

  it('the same code sent to step-up twice at once is used once', async () => {
    const root = await signup(t.app);
    const { secret } = await enrol(t, root);
    const code = codeNow(t, secret);
    const answers = await Promise.all(
      [1, 2, 3].map(() => root.request('POST', '/session/step-up', { code })),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([204, 422, 422]);
  });

  it('confirming an enrolment after the step-up has expired asks for a step-up first', async () => {
    const root = await signup(t.app);
    const { secret } = (await root.request('POST', '/2fa/totp')).json();
    t.clock.advance(STEP_UP_MS);
    staleAnswer(await root.request('POST', '/2fa/totp/confirm', { code: codeNow(t, secret) }), 'password');
    expect((await root.request('POST', '/session/step-up', { password: PASSWORD })).statusCode).toBe(204);
    // The refused request did not use the code up.
    expect((await root.request('POST', '/2fa/totp/confirm', { code: codeNow(t, secret) })).statusCode).toBe(
      200,
    );
  });

  it('turning two-factor off needs no separate step-up: its code is the fresh factor', async () => {
    const root = await signup(t.app);
    const { secret } = await enrol(t, root);
    t.clock.advance(STEP_UP_MS);
    nextStep(t);
    expect((await root.request('DELETE', '/2fa/totp', { code: codeNow(t, secret) })).statusCode).toBe(204);
  });

  it('a step-up counts for its own session only', async () => {
    const root = await signup(t.app);
    const other = await login(t.app, root.body.user.email);
    t.clock.advance(STEP_UP_MS);
    expect((await root.request('POST', '/session/step-up', { password: PASSWORD })).statusCode).toBe(204);
    expect((await root.request('GET', '/callback-settings/secret')).statusCode).toBe(200);
    staleAnswer(await other.request('GET', '/callback-settings/secret'), 'password');
  });

  it('the guard runs after the access checks: no session is 401, a wrong role 403 unauthorized', async () => {
    const root = await signup(t.app);
    const viewer = await addTeamMember(t.app, root, 'view');
    t.clock.advance(STEP_UP_MS);
    const anonymous = await t.app.inject({ method: 'GET', url: '/dashboard/api/callback-settings/secret' });
    expectEnvelope(anonymous, 401, 'unauthenticated');
    expectEnvelope(await viewer.request('GET', '/callback-settings/secret'), 403, 'unauthorized');
    const noCsrf = await root.request(
      'POST',
      '/session/step-up',
      { password: PASSWORD },
      { 'x-csrf-token': 'x' },
    );
    expectEnvelope(noCsrf, 403, 'csrf_failed');
  });
});

describe('SIGNET_STEP_UP_MINUTES', () => {
  it('sets the window', async () => {
    const short = await startTestApp({ SIGNET_STEP_UP_MINUTES: '1' });
    try {
      expect(short.config.stepUpMs).toBe(60_000);
      const root = await signup(short.app);
      short.clock.advance(59_000);
      expect((await root.request('GET', '/callback-settings/secret')).statusCode).toBe(200);
      short.clock.advance(1_000);
      expectEnvelope(
        await root.request('GET', '/callback-settings/secret'),
        403,
        'reauthentication_required',
      );
    } finally {
      await short.close();
    }
  });
});
