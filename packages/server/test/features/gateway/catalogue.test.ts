import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/platform/config.js';
import { DashboardUser, expectEnvelope, signup, startPeerApp, type TestApp } from '../../support/test-app.js';
import { createKey, signedCall, type CreatedKey } from '../merchant-auth/merchant-test-kit.js';
import { ordersConfig, startGatewayApp, writeConfig } from './gateway-fixture.js';
import { startRecordingUpstream } from './recording-upstream.js';

// A gateway-only Signet (sandbox off), then the same database restarted with a config that drops a permission.
let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
let t: TestApp;
let root: DashboardUser;
let key: CreatedKey;

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  // With a dashboard build, so unknown paths outside the APIs would load the web app.
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>dashboard</title>');
  t = await startGatewayApp(
    ordersConfig(upstream.url, { cryptopay_sandbox: { enabled: false } }),
    { SIGNET_PUBLIC_URL: 'https://signet.example.com' },
    { webDist },
  );
  root = await signup(t.app, 'Catalogue Ltd');
  key = await createKey(root, ['orders:read', 'orders:write']);
});
afterAll(async () => {
  await t.close();
  await upstream.close();
});

describe('the configured catalogue', () => {
  it('replaces the Cryptopay one when the sandbox is off, grouped by the part before ":"', async () => {
    const res = await root.request('GET', '/permissions');
    expect(res.json()).toEqual([
      { id: 'orders:read', description: 'Read orders', group: 'orders' },
      { id: 'orders:write', description: 'Create and cancel orders', group: 'orders' },
    ]);
  });

  it('lists the APIs with their base URLs', async () => {
    expect((await root.request('GET', '/apis')).json()).toEqual({
      data: [{ name: 'orders', kind: 'gateway', mount: '/v1', base_url: 'https://signet.example.com/v1' }],
    });
  });

  it('a key asking for an id outside the catalogue is a 422 naming it, and nothing is written', async () => {
    const before = (await root.request('GET', '/api-keys')).json().data.length;
    const res = await root.request('POST', '/api-keys', {
      name: 'sandbox key',
      permissions: ['orders:read', 'invoices:read'],
      ip_whitelist: [],
    });
    expect(expectEnvelope(res, 422, 'validation_failed').error.details).toEqual([
      { field: 'permissions.1', message: 'unknown permission "invoices:read"' },
    ]);
    expect((await root.request('GET', '/api-keys')).json().data.length).toBe(before);
  });

  it('with the sandbox off, its mount answers the 404 envelope (not the dashboard page)', async () => {
    const res = await signedCall(t, key, { method: 'GET', path: '/api/invoices' });
    expectEnvelope(res, 404, 'not_found');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const page = await t.app.inject({ method: 'GET', url: '/integration' });
    expect(page.body).toContain('<title>dashboard</title>');
  });

  it('a permission a later config drops is kept on the key, shown as removed, and grants nothing', async () => {
    const narrower = ordersConfig(upstream.url, {
      permissions: [{ id: 'orders:read', description: 'Read orders' }],
      cryptopay_sandbox: { enabled: false },
    });
    narrower.apis[0]!.routes = narrower.apis[0]!.routes.filter((r) => r.permission !== 'orders:write');
    const restarted = await startPeerApp(t, {
      config: loadConfig({
        ...t.storageEnv,
        SIGNET_LOG_LEVEL: 'silent',
        SIGNET_CONFIG: writeConfig(narrower),
      }),
    });
    try {
      const owner = new DashboardUser(restarted.app, root.cookie, root.csrf, root.body);
      const listed = (await owner.request('GET', '/api-keys'))
        .json()
        .data.find((k: { id: string }) => k.id === key.id);
      expect(listed.permissions).toEqual(['orders:read']);
      expect(listed.removed_permissions).toEqual(['orders:write']);

      upstream.received.length = 0;
      const res = await signedCall(restarted, key, { method: 'GET', path: '/v1/orders/1' });
      expect(res.statusCode).toBe(201);
      expect(upstream.received[0]!.headers['x-signet-permissions']).toBe('orders:read');
      // The rule that needed it is gone with it: no rule, no forwarding.
      const post = await signedCall(restarted, key, {
        method: 'POST',
        path: '/v1/orders',
        body: '{}',
        contentType: 'application/json',
      });
      expectEnvelope(post, 404, 'not_found');
    } finally {
      await restarted.close();
    }
    // The original config still grants it: the key lost nothing.
    const back = (await root.request('GET', '/api-keys'))
      .json()
      .data.find((k: { id: string }) => k.id === key.id);
    expect(back.permissions).toEqual(['orders:read', 'orders:write']);
    expect(back.removed_permissions).toEqual([]);
  });
});
