import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@signet/client';
import type { ErrorEnvelope } from '../../src/index.js';
import { signup, startTestApp, type DashboardUser, type TestApp } from '../support/test-app.js';
import { ordersConfig, writeConfig } from '../features/gateway/gateway-fixture.js';
import { startRecordingUpstream } from '../features/gateway/recording-upstream.js';
import { createServiceToken } from '../features/platform/platform-test-kit.js';
import {
  BODIES,
  FIELD_VALUES,
  HEADERS,
  PATHS,
  PLATFORM_HEADERS,
  RAW,
  TEMPLATES,
  type Template,
} from './hostile-corpus.js';
import { buildRaw, rawRequest, type RawResponse } from './raw-http.js';

/**
 * The hostile input corpus (hostile-corpus.ts) against the merchant and management APIs over real
 * HTTP: every answer is a documented envelope with a 4xx (or a legitimate 2xx), never a 5xx, never
 * a stack trace, never a hang; the process's prototypes stay clean and the server stays healthy.
 */
const TIMEOUT_MS = 6_000;
const PARALLEL = 4;
const CODES = new Set([
  'bad_request',
  'invalid_json',
  'unauthenticated',
  'unauthorized',
  'account_not_activated',
  'csrf_failed',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'validation_failed',
  'rate_limited',
  // The merchant API's (Cryptopay's) own codes.
  'invalid',
  'ip_not_allowed',
  'duplicate_custom_id',
  'high_risk_address',
]);

interface Case {
  name: string;
  bytes: () => Buffer;
}

let t: TestApp;
let port: number;
let user: DashboardUser;
let key: { api_key: string; api_secret: string };
let n = 0;
/** A service token with every scope, and an active account for the per-account routes. */
let serviceToken: string;
let accountId: string;
let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;

beforeAll(async () => {
  // A gateway API beside the sandbox, in front of a real upstream that answers every request 201.
  upstream = await startRecordingUpstream();
  const config = ordersConfig(upstream.url);
  config.apis[0]!.routes = config.apis[0]!.routes.filter(
    (r) => !['/slow/*', '/fail', '/big'].includes(r.path),
  );
  t = await startTestApp({ SIGNET_CONFIG: writeConfig(config) });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
  user = await signup(t.app, 'Hostile');
  const res = await user.request('POST', '/api-keys', {
    name: 'hostile',
    permissions: ['invoices:read', 'invoices:write', 'orders:read', 'orders:write'],
  });
  key = res.json();
  accountId = user.body.account.id;
  serviceToken = (
    await createServiceToken(t, ['accounts:read', 'accounts:write', 'portal', 'events:write', 'verify'])
  ).token;
});
afterAll(async () => {
  await t?.close();
  await upstream?.close();
});

function credentials(
  auth: Template['auth'],
  method: string,
  path: string,
  body: Buffer | undefined,
  contentType: string | undefined,
): [string, string][] {
  if (auth === 'session') {
    return [
      ['Cookie', user.cookie],
      ['X-CSRF-Token', user.csrf],
      ...(contentType ? ([['Content-Type', contentType]] as [string, string][]) : []),
    ];
  }
  if (auth === 'none') return contentType ? [['Content-Type', contentType]] : [];
  if (auth === 'platform')
    return [
      ['Authorization', `Bearer ${serviceToken}`],
      ...(contentType ? ([['Content-Type', contentType]] as [string, string][]) : []),
    ];
  const s = signRequest({
    apiKey: key.api_key,
    apiSecret: key.api_secret,
    method,
    path,
    body,
    contentType: contentType ?? '',
    date: t.clock.now.toUTCString(),
  });
  const headers: [string, string][] = [
    ['Authorization', s.headers.Authorization],
    ['Date', s.headers.Date],
  ];
  if (contentType) headers.push(['Content-Type', contentType]);
  return headers;
}

function bodyFor(template: Template, field: string | null, json: string): Buffer {
  const parts = Object.entries(template.fields).map(
    ([k, v]) => `${JSON.stringify(k)}:${k === field ? json : v.replace('{n}', String(++n))}`,
  );
  return Buffer.from(`{${parts.join(',')}}`, 'utf8');
}

function cases(): Case[] {
  const all: Case[] = [];
  const request = (
    auth: Template['auth'],
    method: string,
    path: string,
    body: Buffer | undefined,
    contentType: string | undefined,
    extra: [string, string][] = [],
  ) => {
    path = path.replace('{account}', accountId);
    const replaced = new Set(extra.map(([h]) => h.toLowerCase()));
    const base = credentials(auth, method, path, body, contentType).filter(
      ([h]) => !replaced.has(h.toLowerCase()),
    );
    return buildRaw(method, path, [...base, ...extra], body);
  };

  for (const template of TEMPLATES)
    for (const field of Object.keys(template.fields))
      for (const value of FIELD_VALUES)
        all.push({
          name: `${template.name}: ${field} = ${value.name}`,
          bytes: () =>
            request(
              template.auth,
              template.method,
              template.path,
              bodyFor(template, field, value.json),
              'application/json',
            ),
        });

  for (const template of TEMPLATES)
    for (const b of BODIES)
      all.push({
        name: `${template.name}: body ${b.name}`,
        bytes: () => {
          const body = Buffer.isBuffer(b.body) ? b.body : Buffer.from(b.body, 'utf8');
          const ct = b.contentType === undefined ? 'application/json' : b.contentType || undefined;
          return request(template.auth, template.method, template.path, body, ct);
        },
      });

  for (const p of PATHS) {
    all.push({
      name: `merchant GET /api${p.suffix.slice(0, 60)} (${p.name})`,
      bytes: () => request('signed', 'GET', `/api${p.suffix}`, undefined, 'application/json'),
    });
    all.push({
      name: `dashboard GET /dashboard/api${p.suffix.slice(0, 60)} (${p.name})`,
      bytes: () => request('session', 'GET', `/dashboard/api${p.suffix}`, undefined, undefined),
    });
    all.push({
      name: `unauthenticated GET /api${p.suffix.slice(0, 60)} (${p.name})`,
      bytes: () => request('none', 'GET', `/api${p.suffix}`, undefined, undefined),
    });
    all.push({
      name: `gateway GET /v1/orders${p.suffix.slice(0, 60)} (${p.name})`,
      bytes: () => request('signed', 'GET', `/v1/orders${p.suffix}`, undefined, 'application/json'),
    });
    all.push({
      name: `platform GET /platform/v1/accounts${p.suffix.slice(0, 60)} (${p.name})`,
      bytes: () => request('platform', 'GET', `/platform/v1/accounts${p.suffix}`, undefined, undefined),
    });
    all.push({
      name: `unauthenticated GET /platform/v1${p.suffix.slice(0, 60)} (${p.name})`,
      bytes: () => request('none', 'GET', `/platform/v1${p.suffix}`, undefined, undefined),
    });
    all.push({
      name: `GET /portal${p.suffix.slice(0, 60)} (${p.name})`,
      bytes: () => request('none', 'GET', `/portal${p.suffix}`, undefined, undefined),
    });
    all.push({
      name: `unauthenticated gateway GET /v1${p.suffix.slice(0, 60)} (${p.name})`,
      bytes: () => request('none', 'GET', `/v1${p.suffix}`, undefined, undefined),
    });
  }

  for (const b of BODIES)
    all.push({
      name: `gateway POST /v1/orders: body ${b.name}`,
      bytes: () => {
        const body = Buffer.isBuffer(b.body) ? b.body : Buffer.from(b.body, 'utf8');
        const ct = b.contentType === undefined ? 'application/json' : b.contentType || undefined;
        return request('signed', 'POST', '/v1/orders', body, ct);
      },
    });

  for (const h of HEADERS) {
    all.push({
      name: `merchant header ${h.name}`,
      bytes: () =>
        request('signed', 'GET', '/api/invoices?limit=1', undefined, 'application/json', h.headers),
    });
    all.push({
      name: `gateway header ${h.name}`,
      bytes: () => request('signed', 'GET', '/v1/orders/1', undefined, 'application/json', h.headers),
    });
    all.push({
      name: `dashboard header ${h.name}`,
      bytes: () =>
        request(
          'session',
          'POST',
          '/dashboard/api/api-keys',
          Buffer.from('{"name":"h","permissions":["invoices:read"]}'),
          'application/json',
          h.headers,
        ),
    });
  }

  // The platform API's own headers: Authorization variants and hostile Idempotency-Keys.
  for (const h of [...HEADERS, ...PLATFORM_HEADERS])
    all.push({
      name: `platform header ${h.name}`,
      bytes: () =>
        request(
          'platform',
          'POST',
          '/platform/v1/accounts',
          Buffer.from(`{"name":"h","external_id":"h-${++n}"}`),
          'application/json',
          h.headers,
        ),
    });

  for (const r of RAW) all.push({ name: `raw ${r.name}`, bytes: () => r.bytes });
  return all;
}

function verdict(res: RawResponse): string | null {
  if (res.status >= 500) return `status ${res.status}`;
  if (/\n\s+at |node_modules|\.[jt]s:\d+:\d+|Error: /.test(res.body))
    return 'stack trace or internal error text';
  if (res.status < 400)
    return res.status >= 200 && res.status < 300 ? null : `unexpected status ${res.status}`;
  let body: Partial<ErrorEnvelope> | null;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `error body is not JSON: ${res.body.slice(0, 120)}`;
  }
  const error = body?.error;
  if (!error || !CODES.has(error.code)) return `undocumented error code ${error?.code}`;
  if (typeof error.message !== 'string' || !Array.isArray(error.details)) return 'envelope shape';
  const requestId = body?.meta?.request_id ?? '';
  if (!/^[0-9a-f]{32}$/.test(requestId)) return 'no meta.request_id';
  if (res.headers['x-request-id'] !== requestId) return 'X-Request-Id differs from meta.request_id';
  return null;
}

describe('hostile input corpus', () => {
  it('answers every hostile input with a documented envelope (or a legitimate 2xx), never a 5xx or a hang', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(200);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let slowest = { ms: 0, name: '' };
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= all.length) return;
        const c = all[i]!;
        try {
          const res = await rawRequest(port, c.bytes(), TIMEOUT_MS);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.ms > slowest.ms) slowest = { ms: res.ms, name: c.name };
          const bad = verdict(res);
          if (bad) failures.push(`${c.name}: ${bad} — ${res.status} ${res.body.slice(0, 200)}`);
        } catch (err) {
          failures.push(`${c.name}: ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    const seconds = (Date.now() - started) / 1000;

    // Nothing reached Object.prototype, and the server still serves.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await user.request('GET', '/me')).statusCode).toBe(200);

    console.log(
      `hostile corpus: ${all.length} inputs in ${seconds.toFixed(1)} s, statuses ${JSON.stringify(
        Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
      )}, slowest ${slowest.ms} ms (${slowest.name.slice(0, 80)})`,
    );
    expect(failures).toEqual([]);
  });

  it('unicode look-alikes of an e-mail address never become a second, different user', async () => {
    // Fullwidth letters, combining marks (NFD), Kelvin sign, dotless/dotted i, zero-width space.
    const canonical = `kate-${Date.now()}@example.com`;
    const variants = [
      canonical.replace('kate', 'ｋａｔｅ'),
      canonical.replace('a', 'a\u0301'),
      canonical.replace('k', '\u212a'),
      canonical.replace('t', 'T'),
      canonical.replace('a', '\u0430'), // Cyrillic a
      canonical.replace('kate', 'kat\u0131e'),
      canonical.replace('@', '\u200b@'),
      canonical.replace('@', '＠'),
      ` ${canonical.toUpperCase()} `,
    ];
    const first = await t.app.inject({
      method: 'POST',
      url: '/dashboard/api/signup',
      payload: { business_name: 'Kate', email: canonical, password: 'correct horse battery' },
    });
    expect(first.statusCode).toBe(201);
    const outcomes: string[] = [];
    for (const email of variants) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/dashboard/api/signup',
        payload: { business_name: 'Kate again', email, password: 'correct horse battery' },
      });
      outcomes.push(`${JSON.stringify(email)} → ${res.statusCode} ${res.json().error?.code ?? ''}`);
      // Either refused as invalid, or recognised as the same address: never a new user.
      expect([409, 422], `${JSON.stringify(email)}: ${res.body}`).toContain(res.statusCode);
    }
    console.log(`e-mail look-alikes: ${outcomes.join('; ')}`);
  });
});
