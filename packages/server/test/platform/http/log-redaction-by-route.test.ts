import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceToken, platformRequest } from '../../features/platform/platform-test-kit.js';
import { startLoggedTestApp, type LoggedTestApp } from '../../support/log-capture.js';
import { signup, uniqueEmail } from '../../support/test-app.js';

/**
 * Regression (issue 13, finding 9): the log redacted credentials by matching the raw URL as a
 * string (`^/invite/…`), so any other spelling of a credential path was logged with its token:
 * `//invite/<token>` and `/%69nvite/<token>` (both served the dashboard page), `/%70ortal/<token>`
 * and `/dashboard/api/%69nvitations/<token>/accept` (the router decodes them: they reached the
 * portal and accept routes themselves). Now a request that matched a credential route is logged as
 * the route's pattern, and one that matched none is checked against those patterns read loosely.
 */
describe('credential paths in the request log, however they are spelled', () => {
  let t: LoggedTestApp;
  let webDist: string;
  beforeAll(async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-redaction-web-'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div>');
    t = await startLoggedTestApp({}, { webDist });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  const completedUrls = () =>
    t.log
      .lines<{ msg: string; req?: { url: string } }>()
      .filter((l) => l.msg === 'request completed')
      .map((l) => l.req!.url);

  it('an invitation link: the page and the accept call', async () => {
    const root = await signup(t.app);
    const inv = await root.request('POST', '/invitations', { email: uniqueEmail('invitee'), role: 'view' });
    const token = new URL(inv.json().invitation_url).pathname.split('/').pop()!;
    const before = completedUrls().length;

    const pages = [
      `//invite/${token}`,
      `/%69nvite/${token}`,
      `/%2569nvite/${token}`,
      `/INVITE/${token}`,
      `/invite/${token}/`,
      `/invite/${token}/more?x=1`,
      `/invite\\${token}`,
      `/invite%3F${token}`,
      `/invite/${token}?utm=mail`,
    ];
    for (const url of pages) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200); // the dashboard's page, whichever way it was spelled
    }
    const accepts = [
      `/dashboard/api/%69nvitations/${token}/accept`,
      `/dashboard/api//invitations/${token}/accept`,
      `/dashboard/api/invitations/${token}/accept/`,
      `/dashboard/api/invitations/${token}/%61ccept`,
      `/dashboard/api/invitations/${token}`,
    ];
    for (const url of accepts) await t.app.inject({ method: 'POST', url, payload: {} });
    await t.app.inject({ method: 'DELETE', url: `/%69nvite/${token}` });

    const logged = completedUrls().slice(before);
    expect(logged).toHaveLength(pages.length + accepts.length + 1);
    expect(t.log.text).not.toContain(token);
    for (const url of logged) expect(url).toMatch(/^\/(invite|dashboard\/api\/invitations)\/\[redacted\]/);
    expect(logged).toContain('/dashboard/api/invitations/[redacted]/accept');
    expect(logged).toContain('/invite/[redacted]?[redacted]');
  });

  it('a portal link', async () => {
    const root = await signup(t.app, 'Portal Co');
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
    const token = new URL(res.json().url).pathname.split('/').pop()!;
    const before = completedUrls().length;
    for (const url of [`/%70ortal/${token}`, `//portal/${token}`, `/Portal/${token}`, `/portal/${token}/x`])
      await t.app.inject({ method: 'GET', url });
    await t.app.inject({ method: 'POST', url: `/%70ortal/${token}` });

    const logged = completedUrls().slice(before);
    expect(logged).toHaveLength(5);
    expect(t.log.text).not.toContain(token);
    for (const url of logged) expect(url).toMatch(/^\/portal\/\[redacted\]/);
  });

  it('other paths are logged as sent', async () => {
    const before = completedUrls().length;
    for (const url of [
      '/api/invoices/abc?limit=5',
      '/no/such/page',
      '/%7Eodd/path',
      '/dashboard/api/invitations',
    ])
      await t.app.inject({ method: 'GET', url });
    expect(completedUrls().slice(before)).toEqual([
      '/api/invoices/abc?limit=5',
      '/no/such/page',
      '/%7Eodd/path',
      '/dashboard/api/invitations',
    ]);
  });
});
