import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoggedTestApp, type LoggedTestApp } from '../../support/log-capture.js';
import { signup, uniqueEmail } from '../../support/test-app.js';
import { createServiceToken, platformRequest } from '../platform/platform-test-kit.js';

/** A portal link is a bearer credential in the path, like an invitation link: never logged. */
describe('an opened portal link in the request log', () => {
  let t: LoggedTestApp;
  beforeAll(async () => {
    t = await startLoggedTestApp();
  });
  afterAll(() => t.close());

  it('does not hold the token', async () => {
    const root = await signup(t.app);
    const { token: serviceToken } = await createServiceToken(t, ['portal']);
    const res = await platformRequest(
      t,
      serviceToken,
      'POST',
      `/accounts/${root.body.account.id}/portal-sessions`,
      {
        email: uniqueEmail(),
        role: 'view',
      },
    );
    expect(res.statusCode).toBe(201);
    const link = new URL(res.json().url);
    const token = link.pathname.split('/').pop()!;
    expect((await t.app.inject({ method: 'GET', url: `${link.pathname}?from=mail` })).statusCode).toBe(302);
    expect((await t.app.inject({ method: 'GET', url: link.pathname })).statusCode).toBe(404);
    expect(t.log.text).toContain('/portal/[redacted]');
    expect(t.log.text).not.toContain(token);
    expect(t.log.text).not.toContain(serviceToken);
  });
});
