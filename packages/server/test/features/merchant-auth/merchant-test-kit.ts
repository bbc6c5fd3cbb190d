import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { signRequest } from '@signet/client';
import type { Feature } from '../../../src/platform/feature.js';
import { FEATURES } from '../../../src/features.js';
import { CRYPTOPAY_PERMISSIONS } from '../../../src/features/merchant/index.js';
import { merchantApi, type MerchantRoutes } from '../../../src/features/merchant-auth/merchant-api.js';
import { authenticatedKeyOf } from '../../../src/features/merchant-auth/authenticate.js';
import { startTestApp, type DashboardUser, type TestApp } from '../../support/test-app.js';

/** Test-only merchant routes, shaped like the vectors' requests, echoing what authentication saw. */
export const testRoutes: MerchantRoutes = (app) => {
  const echo = (request: FastifyRequest) => ({
    data: {
      api_key: request.apiKey?.apiKey ?? null,
      account_id: request.apiKey?.accountId ?? null,
      body_md5: request.rawBody?.length ? createHash('md5').update(request.rawBody).digest('hex') : '',
    },
  });
  app.get('/test/echo', { config: { permission: 'invoices:read' } }, async (request) => echo(request));
  app.post('/test/echo', { config: { permission: 'invoices:write' } }, async (request) => echo(request));
  app.get('/test/items/:id', { config: { permission: 'invoices:read' } }, async (request) => ({
    data: { id: (request.params as { id: string }).id, key: authenticatedKeyOf(request).apiKey },
  }));
  app.post(
    '/invoices',
    {
      config: { permission: 'invoices:write' },
      schema: { body: z.object({ price_amount: z.string(), price_currency: z.string() }).passthrough() },
    },
    async (request) => ({ data: request.body }),
  );
  app.get('/invoices', { config: { permission: 'invoices:read' } }, async (request) => echo(request));
  app.put('/customers/:id', { config: { permission: 'customers:write' } }, async (request) => echo(request));
  app.get('/rates/:base/:quote', { config: { permission: 'public' } }, async (request) => echo(request));
};

export const testMerchantFeature: Feature = {
  name: 'test-merchant',
  permissions: () => ({ source: 'the test merchant API', entries: CRYPTOPAY_PERMISSIONS }),
  plugin: (ctx) => merchantApi(ctx, [testRoutes]),
};

/** Every feature but the sandbox merchant API, whose `/api` routes the test routes stand in for. */
export const merchantFeatures = [...FEATURES.filter((f) => f.name !== 'merchant'), testMerchantFeature];

export const startMerchantTestApp = (env: Record<string, string> = {}) =>
  startTestApp(env, { features: merchantFeatures });

export interface CreatedKey {
  id: string;
  api_key: string;
  api_secret: string;
}

export async function createKey(
  user: DashboardUser,
  permissions: string[] = ['invoices:read', 'invoices:write'],
  ip_whitelist: string[] = [],
): Promise<CreatedKey> {
  const res = await user.request('POST', '/api-keys', { name: 'test key', permissions, ip_whitelist });
  if (res.statusCode !== 201) throw new Error(`key creation failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export interface SignedCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: string | Buffer;
  contentType?: string;
  /** Defaults to the app's clock. */
  date?: string;
  remoteAddress?: string;
  /** Overrides after signing (e.g. to tamper with a header). */
  headers?: Record<string, string>;
  /** Sign this path instead of the one sent. */
  signedPath?: string;
}

/** Sends a request signed by the client package, exactly as an integration would. */
export function signedCall(t: TestApp, key: { api_key: string; api_secret: string }, call: SignedCall) {
  return signedCallOn(t.app, t.clock.now, key, call);
}

export function signedCallOn(
  app: FastifyInstance,
  now: Date,
  key: { api_key: string; api_secret: string },
  call: SignedCall,
) {
  const signed = signRequest({
    apiKey: key.api_key,
    apiSecret: key.api_secret,
    method: call.method,
    path: call.signedPath ?? call.path,
    body: call.body,
    contentType: call.contentType,
    date: call.date ?? now.toUTCString(),
  });
  return app.inject({
    method: call.method,
    url: call.path,
    headers: { ...signed.headers, ...(call.headers ?? {}) },
    ...(call.body === undefined ? {} : { payload: call.body }),
    ...(call.remoteAddress ? { remoteAddress: call.remoteAddress } : {}),
  });
}
