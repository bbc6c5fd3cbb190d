import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyGatewayRequest } from '@signet/client';
import { changeAccountStatus } from '../../../src/features/accounts/index.js';
import { compileRules, matchRule } from '../../../src/features/gateway/route-rules.js';
import { signup, type TestApp } from '../../support/test-app.js';
import { GATEWAY_SECRET, ordersConfig, startGatewayApp } from '../gateway/gateway-fixture.js';
import { startRecordingUpstream } from '../gateway/recording-upstream.js';
import { createServiceToken } from '../platform/platform-test-kit.js';
import { createKey } from './merchant-test-kit.js';
import { authorizationFor, featuresWithPlatform, md5Hex, verifyCall } from './verify-test-kit.js';

// One implementation, two doors: the same random requests — signed, unsigned and tampered — go to
// a real gateway mount (over a socket, in front of a recording upstream) and, as values, to
// POST /platform/v1/verify on the same app. Both must reach the same decision, for the same
// reason, with the same StringToSign and, when admitted, the same identity.

let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
let t: TestApp;
let address: URL;
let token: string;
let agent: http.Agent;
const keys: Record<string, { api_key: string; api_secret: string }> = {};
let rules: ReturnType<typeof compileRules>;
const MOUNT = '/v1';

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  t = await startGatewayApp(ordersConfig(upstream.url), {}, { features: featuresWithPlatform });
  // The gateway's own rule matching tells which permission a generated request needs.
  rules = compileRules(t.config.apis.gateways[0]!.routes);
  t.clock.now = new Date(Math.floor(Date.now() / 1000) * 1000);
  address = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  token = (await createServiceToken(t, ['verify'])).token;

  const root = await signup(t.app, 'Agreement Ltd');
  keys.reader = await createKey(root, ['orders:read']);
  keys.writer = await createKey(root, ['orders:write', 'orders:read']);
  keys.bare = await createKey(root, []);
  keys.here = await createKey(root, ['orders:read', 'orders:write'], ['127.0.0.1']);
  keys.elsewhere = await createKey(root, ['orders:read', 'orders:write'], ['203.0.113.7']);
  const other = await signup(t.app, 'Suspended Ltd');
  keys.suspended = await createKey(other, ['orders:read', 'orders:write']);
  await changeAccountStatus(t.ctx, other.body.account.id, 'suspended', { operator: 'test' });
  keys.unknown = { api_key: 'UnknownUnknownUnknown0', api_secret: 'not-a-key' };
  keys.malformed = { api_key: 'short', api_secret: 'not-a-key' };
});
afterAll(async () => {
  agent?.destroy();
  await t?.close();
  await upstream?.close();
});

// ── what a request is made of ──

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;

type DateForm = 'imf' | 'zone' | 'rfc850' | 'asctime';
function httpDate(ms: number, form: DateForm): string {
  const d = new Date(ms);
  switch (form) {
    case 'imf':
      return d.toUTCString();
    case 'zone': {
      const l = new Date(ms + 90 * 60_000);
      return `${DAYS[l.getUTCDay()]}, ${l.getUTCDate()} ${MONTHS[l.getUTCMonth()]} ${l.getUTCFullYear()} ${clock(l)} +0130`;
    }
    case 'rfc850':
      return `${LONG_DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${String(d.getUTCFullYear()).slice(2)} ${clock(d)} GMT`;
    case 'asctime':
      return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${clock(d)} ${d.getUTCFullYear()}`;
  }
}

const segment = fc
  .array(
    fc.constantFrom(
      '1',
      '42',
      'abc',
      'A-Z',
      'order%201',
      'caf%C3%A9',
      '%7Euser',
      'x:y',
      'a+b',
      "it's",
      '(1)',
      '~',
      '_',
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((parts) => parts.join(''));
const query = fc.option(
  fc
    .array(fc.constantFrom('a=1', 'b=%20x', 'a=2', 'q=a%2Bb', 'empty=', 'x', 'k=v/w'), {
      minLength: 1,
      maxLength: 3,
    })
    .map((parts) => `?${parts.join('&')}`),
  { nil: '' },
);
const target = fc.oneof(
  fc.record({
    method: fc.constant('GET'),
    path: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/orders/${s.join('/')}`),
    query,
  }),
  fc.record({ method: fc.constant('POST'), path: fc.constant('/orders'), query }),
  fc.record({ method: fc.constant('DELETE'), path: segment.map((s) => `/orders/${s}`), query }),
  fc.record({ method: fc.constant('GET'), path: fc.constant('/health'), query }),
);
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/octet-stream',
  'Text/Plain ; Charset="ISO-8859-1"',
  'application/x-www-form-urlencoded',
];
const bodyBytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 300 }),
  fc
    .json()
    .map((j) => new TextEncoder().encode(j))
    .filter((b) => b.length > 0),
);
const date = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('at' as const),
      offsetS: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(-901, -900, 900, 901)),
      form: fc.constantFrom<DateForm>('imf', 'zone', 'rfc850', 'asctime'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ kind: 'missing' as const }, { kind: 'text' as const, text: '' }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      text: fc.constantFrom(
        'yesterday',
        '2026-12-02T18:00:00Z',
        '1764698400',
        'Mon, 31 Apr 2026 10:00:00 GMT',
        'Mon, 02 Dec 2026 25:00:00 GMT',
      ),
    }),
  },
);
type Tamper =
  | 'none'
  | 'wrong_secret'
  | 'flip'
  | 'truncate'
  | 'other_path'
  | 'other_body'
  | 'other_type'
  | 'lowercase_scheme';
const auth = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('signed' as const),
      tamper: fc.constantFrom<Tamper>(
        'none',
        'none',
        'none',
        'wrong_secret',
        'flip',
        'truncate',
        'other_path',
        'other_body',
        'other_type',
        'lowercase_scheme',
      ),
      flipAt: fc.nat(26),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'absent' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      value: fc.constantFrom(
        '',
        'HMAC nope',
        'Bearer sgt_abc',
        'HMAC :c2ln',
        'HMAC key:sig:extra',
        'Basic dXNlcjpwdw==',
      ),
    }),
  },
);
const requestCase = fc.record({
  target,
  key: fc.constantFrom('reader', 'writer', 'bare', 'here', 'elsewhere', 'suspended', 'unknown', 'malformed'),
  body: fc.option(bodyBytes, { nil: undefined }),
  contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
  date,
  auth,
  /** How the verify call carries the body. */
  bodyAs: fc.constantFrom('base64', 'md5', 'MD5'),
});
type Case = typeof requestCase extends fc.Arbitrary<infer T> ? T : never;

interface Sent {
  method: string;
  path: string;
  body: Buffer;
  contentType?: string;
  date?: string;
  authorization?: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The request as it goes on the wire. */
function build(c: Case): Sent {
  const method = c.target.method;
  const path = `${MOUNT}${c.target.path}${c.target.query}`;
  // Only POST and DELETE carry a body, and then with a Content-Type (Fastify reads it only so).
  const withBody = method !== 'GET' && c.body !== undefined;
  const body = withBody ? Buffer.from(c.body!) : Buffer.alloc(0);
  const contentType = withBody ? (c.contentType ?? 'application/octet-stream') : c.contentType;
  const dateValue =
    c.date.kind === 'at'
      ? httpDate(t.clock.now.getTime() + c.date.offsetS * 1000, c.date.form)
      : c.date.kind === 'text'
        ? c.date.text
        : undefined;
  const sent: Sent = { method, path, body, contentType, date: dateValue };
  if (c.auth.kind === 'absent') return sent;
  if (c.auth.kind === 'raw') return { ...sent, authorization: c.auth.value };

  const key = keys[c.key]!;
  const tamper = c.auth.tamper;
  const signer = tamper === 'wrong_secret' ? { ...key, api_secret: `${key.api_secret}x` } : key;
  let authorization = authorizationFor(signer, {
    method,
    path: tamper === 'other_path' ? `${path}&z=1` : path,
    body,
    contentType,
    date: dateValue,
  });
  const [scheme, rest] = [authorization.slice(0, 5), authorization.slice(5)];
  if (tamper === 'lowercase_scheme') authorization = `hmac ${rest}`;
  if (tamper === 'truncate') authorization = `${scheme}${rest.slice(0, -2)}`;
  if (tamper === 'flip') {
    const sigStart = authorization.lastIndexOf(':') + 1;
    const i = sigStart + c.auth.flipAt;
    const ch = authorization[i]!;
    const next = B64[(B64.indexOf(ch) + 1) % 64]!;
    authorization = authorization.slice(0, i) + next + authorization.slice(i + 1);
  }
  const out = { ...sent, authorization };
  if (tamper === 'other_body') {
    // Changed after signing: a byte appended (a body without one gains its first).
    out.body = Buffer.concat([body, Buffer.from('!')]);
    if (out.contentType === undefined) out.contentType = 'application/octet-stream';
    if (method === 'GET') out.body = body; // a GET's body is never read: no tampering possible
  }
  if (tamper === 'other_type') out.contentType = contentType === 'text/plain' ? 'text/html' : 'text/plain';
  return out;
}

interface Decision {
  valid: boolean;
  reason?: string;
  string_to_sign?: string;
  account_id?: string | null;
  key_id?: string | null;
  permissions?: string[];
}

const STATUS: Record<string, number> = {
  malformed_authorization: 401,
  missing_date: 401,
  invalid_date: 401,
  clock_skew: 401,
  unknown_key: 401,
  bad_signature: 401,
  ip_not_allowed: 403,
  account_not_active: 403,
  permission_denied: 403,
};

/** Over a real socket, so the gateway sees the request target and headers exactly as written. */
function viaGateway(r: Sent): Promise<{ status: number; body: string }> {
  const headers: string[] = ['Host', address.host];
  if (r.authorization !== undefined) headers.push('Authorization', r.authorization);
  if (r.date !== undefined) headers.push('Date', r.date);
  if (r.contentType !== undefined) headers.push('Content-Type', r.contentType);
  if (r.body.length > 0) headers.push('Content-Length', String(r.body.length));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: address.hostname, port: address.port, method: r.method, path: r.path, headers, agent },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(r.body.length > 0 ? r.body : undefined);
  });
}

async function gatewayDecision(r: Sent): Promise<Decision> {
  upstream.received.length = 0;
  const res = await viaGateway(r);
  if (res.status === 201) {
    expect(upstream.received).toHaveLength(1);
    const got = upstream.received[0]!;
    expect(got.body.equals(r.body)).toBe(true);
    const verified = verifyGatewayRequest({
      method: got.method,
      url: got.url,
      headers: got.headers,
      secret: GATEWAY_SECRET,
      now: t.clock.now,
    });
    if (!verified.ok) throw new Error(`the upstream got a request it cannot verify: ${verified.reason}`);
    const id = verified.identity;
    return {
      valid: true,
      account_id: id.accountId,
      key_id: id.keyId,
      permissions: id.keyId === null ? [] : id.permissions,
    };
  }
  if (res.status !== 401 && res.status !== 403)
    throw new Error(`the gateway answered neither forwarded nor refused: ${res.status} ${res.body}`);
  expect(upstream.received).toHaveLength(0);
  const detail = (
    JSON.parse(res.body) as { error: { details: { reason: string; string_to_sign?: string }[] } }
  ).error.details[0]!;
  expect(STATUS[detail.reason], detail.reason).toBe(res.status);
  return {
    valid: false,
    reason: detail.reason,
    ...(detail.string_to_sign === undefined ? {} : { string_to_sign: detail.string_to_sign }),
  };
}

async function verifyDecision(r: Sent, permission: string, bodyAs: Case['bodyAs']): Promise<Decision> {
  const body =
    bodyAs === 'base64'
      ? r.body.length > 0 || r.method !== 'GET'
        ? { body_base64: r.body.toString('base64') }
        : {}
      : { body_md5: bodyAs === 'md5' ? md5Hex(r.body) : md5Hex(r.body).toUpperCase() };
  const res = await verifyCall(t, token, {
    method: r.method,
    path: r.path,
    ...(r.contentType === undefined ? {} : { content_type: r.contentType }),
    ...(r.date === undefined ? {} : { date: r.date }),
    ...(r.authorization === undefined ? {} : { authorization: r.authorization }),
    ...body,
    client_ip: '127.0.0.1',
    permission,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Decision;
}

const seen = new Map<string, number>();

it('the verify API and a gateway mount reach the same decision for the same reason', async () => {
  await fc.assert(
    fc.asyncProperty(requestCase, async (c) => {
      const r = build(c);
      const below = r.path.slice(MOUNT.length).split('?')[0]!;
      const match = matchRule(rules, r.method, below);
      if (match.kind !== 'matched')
        throw new Error(`the generator made an unrouted request: ${r.method} ${r.path}`);
      const fromGateway = await gatewayDecision(r);
      const fromVerify = await verifyDecision(r, match.rule.permission, c.bodyAs);
      expect(fromVerify).toEqual(fromGateway);
      const label = fromGateway.valid
        ? fromGateway.key_id
          ? 'valid'
          : 'valid_anonymous'
        : fromGateway.reason!;
      seen.set(label, (seen.get(label) ?? 0) + 1);
    }),
    { numRuns: 400 },
  );
  // The generators reach every decision: the agreement is not vacuous.
  expect([...seen.keys()].sort()).toEqual([...Object.keys(STATUS), 'valid', 'valid_anonymous'].sort());
}, 120_000);
