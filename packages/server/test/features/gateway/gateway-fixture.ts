import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { startTestApp, type TestAppOptions } from '../../support/test-app.js';

export const GATEWAY_SECRET = 'orders-gateway-secret-0123456789abcdef';

export const ORDERS_PERMISSIONS = [
  { id: 'orders:read', description: 'Read orders' },
  { id: 'orders:write', description: 'Create and cancel orders' },
];

/** The example config, pointed at `upstream`, plus the failure routes of the recording upstream. */
export function ordersConfig(upstream: string, over: Record<string, unknown> = {}) {
  return {
    permissions: ORDERS_PERMISSIONS,
    apis: [
      {
        name: 'orders',
        mount: '/v1',
        upstream,
        secret: GATEWAY_SECRET,
        timeout_ms: 400,
        forward_authorization: false,
        routes: [
          { method: 'GET', path: '/orders/*', permission: 'orders:read' },
          { method: 'POST', path: '/orders', permission: 'orders:write' },
          { method: 'DELETE', path: '/orders/*', permission: 'orders:write' },
          { method: 'GET', path: '/health', permission: 'public' },
          { method: 'GET', path: '/slow/*', permission: 'orders:read' },
          { method: 'GET', path: '/fail', permission: 'orders:read' },
          { method: 'GET', path: '/big', permission: 'orders:read' },
        ],
      },
    ],
    cryptopay_sandbox: { enabled: true, mount: '/api' },
    ...over,
  };
}

/** Writes `config` as YAML (or JSON, by `ext`) into a fresh directory and returns its path. */
export function writeConfig(config: unknown, ext: '.yaml' | '.json' = '.yaml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-config-'));
  const file = path.join(dir, `signet${ext}`);
  fs.writeFileSync(file, ext === '.json' ? JSON.stringify(config, null, 2) : stringify(config));
  return file;
}

export const startGatewayApp = (
  config: unknown,
  env: Record<string, string> = {},
  options: TestAppOptions = {},
) => startTestApp({ SIGNET_CONFIG: writeConfig(config), ...env }, options);
