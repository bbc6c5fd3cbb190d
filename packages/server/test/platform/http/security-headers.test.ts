import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceToken, platformRequest } from '../../features/platform/platform-test-kit.js';
import { signup, startTestApp, uniqueEmail, type TestApp } from '../../support/test-app.js';

/**
 * Regression (issue 13, finding 3): no response carried a Content-Security-Policy, frame-ancestors
 * or X-Frame-Options (the dashboard could be framed), nosniff or a Referrer-Policy (invitation
 * tokens are in the path), and responses holding secrets or tokens (an API key's secret, the
 * callback secret, invitation and portal links, CSRF tokens) had no `Cache-Control: no-store`.
 */
const WEB_DIST = path.resolve(import.meta.dirname, '../../../../web/dist');

/** A stand-in dashboard build, so the page and asset answers are tested without `npm run build`. */
function fakeWebDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-headers-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app-abc123.js"></script><div id="root"></div>',
  );
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
  return dir;
}

function expectSecurityHeaders(res: LightMyRequestResponse) {
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
}

const expectNoStore = (res: LightMyRequestResponse) => expect(res.headers['cache-control']).toBe('no-store');

describe('security headers over http (the sandbox default)', () => {
  let t: TestApp;
  let webDist: string;
  beforeAll(async () => {
    webDist = fakeWebDist();
    t = await startTestApp({}, { webDist });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('the dashboard page: CSP, no framing, nosniff, no referrer, not stored; no HSTS on http', async () => {
    for (const url of ['/', '/integration/api', '/login']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expectSecurityHeaders(res);
      expectNoStore(res);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      // Over plain http, upgrading the page's own requests to https would break every asset.
      expect(String(res.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    }
  });

  it('the invitation page (its token in the path) is not stored and passes no referrer', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/invite/some-invitation-token' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expectSecurityHeaders(res);
    expectNoStore(res);
  });

  it('hashed assets keep their cache headers and get nosniff', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).not.toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('dashboard API answers carrying a CSRF token, an API secret, the callback secret or an invitation link', async () => {
    const signupRes = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/signup',
      payload: {
        business_name: 'Headers Ltd',
        email: uniqueEmail('headers'),
        password: 'correct horse battery staple',
      },
    });
    expect(signupRes.statusCode).toBe(201);
    expect(signupRes.json().csrf_token).toBeTruthy();
    expectSecurityHeaders(signupRes);
    expectNoStore(signupRes);

    const root = await signup(t.app, 'Headers Two');
    const me = await root.request('GET', '/me');
    expectNoStore(me);

    const key = await root.request('POST', '/api-keys', { name: 'k', permissions: ['invoices:read'] });
    expect(key.statusCode).toBe(201);
    expect(key.json().api_secret).toBeTruthy();
    expectSecurityHeaders(key);
    expectNoStore(key);

    for (const method of ['GET', 'POST'] as const) {
      const secret = await root.request(method, '/callback-settings/secret');
      expect(secret.statusCode).toBe(200);
      expect(secret.json().callback_secret).toBeTruthy();
      expectNoStore(secret);
    }

    const inv = await root.request('POST', '/invitations', { email: uniqueEmail('invitee'), role: 'view' });
    expect(inv.statusCode).toBe(201);
    expect(inv.json().invitation_url).toContain('/invite/');
    expectNoStore(inv);

    // Errors too: the blanket rule has no list to forget a route from.
    const anonymous = await t.app.inject({ method: 'GET', url: '/dashboard/api/me' });
    expect(anonymous.statusCode).toBe(401);
    expectSecurityHeaders(anonymous);
    expectNoStore(anonymous);
  });

  it('platform API answers with an invitation link or a portal link, and the portal link itself', async () => {
    const { token } = await createServiceToken(t, ['accounts:write', 'portal']);
    const created = await platformRequest(t, token, 'POST', '/accounts', {
      name: 'Platform Headers',
      root_email: uniqueEmail('platform-root'),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().invitation_url).toContain('/invite/');
    expectSecurityHeaders(created);
    expectNoStore(created);

    const root = await signup(t.app, 'Portal Headers');
    const portal = await platformRequest(
      t,
      token,
      'POST',
      `/accounts/${root.body.account.id}/portal-sessions`,
      {
        email: uniqueEmail('portal'),
        role: 'view',
      },
    );
    expect(portal.statusCode).toBe(201);
    expectNoStore(portal);

    const opened = await t.app.inject({ method: 'GET', url: new URL(portal.json().url).pathname });
    expect(opened.statusCode).toBe(302);
    expectSecurityHeaders(opened);
    expectNoStore(opened);

    const refused = await platformRequest(t, null, 'GET', '/accounts');
    expect(refused.statusCode).toBe(401);
    expectNoStore(refused);
  });

  it('the merchant API and the operational endpoints', async () => {
    for (const url of ['/api/invoices', '/healthz', '/openapi.json', '/no/such/api/path']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expectNoStore(res);
    }
    const healthz = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(healthz.statusCode).toBe(200);
    expectSecurityHeaders(healthz);
  });
});

describe('security headers when users reach Signet over https', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIGNET_PUBLIC_URL: 'https://signet.example.com' });
  });
  afterAll(() => t.close());

  it('adds HSTS and upgrade-insecure-requests', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    expectSecurityHeaders(res);
  });
});

describe("a gateway mount's answers are the upstream's", () => {
  let t: TestApp;
  let upstream: http.Server;
  let dir: string;
  beforeAll(async () => {
    upstream = http.createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/plain',
        'cache-control': 'public, max-age=60',
        'x-upstream': 'yes',
      });
      res.end('from upstream');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as AddressInfo).port;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-headers-gw-'));
    const file = path.join(dir, 'signet.yaml');
    fs.writeFileSync(
      file,
      [
        'apis:',
        '  - name: status',
        '    mount: /v1',
        `    upstream: http://127.0.0.1:${port}`,
        '    secret: headers-gateway-secret-0123456789abcdef',
        '    routes:',
        '      - { method: GET, path: /status, permission: public }',
        '',
      ].join('\n'),
    );
    t = await startTestApp({ SIGNET_CONFIG: file });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => upstream.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('forwards them without helmet headers or a Cache-Control of its own', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/status' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('from upstream');
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.headers['x-frame-options']).toBeUndefined();
  });

  it('while the dashboard API beside it keeps them', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/dashboard/api/me' });
    expectSecurityHeaders(res);
    expectNoStore(res);
  });
});

describe('the built dashboard satisfies the policy', () => {
  it.skipIf(!fs.existsSync(path.join(WEB_DIST, 'index.html')))(
    'index.html has no inline script or style (script-src and style-src are only self)',
    () => {
      const html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
      // Every <script> loads a file; no <style> element, no style="" or on*="" attribute.
      for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        expect(m[1]).toMatch(/\bsrc="\/assets\//);
        expect(m[2]!.trim()).toBe('');
      }
      expect(html).not.toMatch(/<style\b/);
      expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
    },
  );
});
