/**
 * The hostile input corpus, as data. hostile-corpus.test.ts crosses these tables with the merchant
 * API (/api/...) and the management API (/dashboard/api/...); add a row to extend it.
 *
 * - FIELD_VALUES: raw JSON text put in place of one field of a valid body (every field of every
 *   endpoint template in turn), so each value reaches each validator.
 * - BODIES: whole request bodies (bytes) with a Content-Type, sent to every JSON endpoint.
 * - PATHS: request targets appended to `/api` and `/dashboard/api` (already percent-encoded as
 *   they go on the wire; they are sent byte for byte).
 * - HEADERS: extra or replacing headers on an otherwise valid request.
 * - RAW: whole requests as bytes (the parser's problem, but the answer must still be an envelope).
 */

const deep = (open: string, close: string, n: number, inner = '1') =>
  open.repeat(n) + inner + close.repeat(n);

export interface FieldValue {
  name: string;
  json: string;
}

export const FIELD_VALUES: FieldValue[] = [
  { name: 'huge exponent 1e400', json: '1e400' },
  { name: 'negative huge -1e400', json: '-1e400' },
  { name: 'tiny 1e-400', json: '1e-400' },
  { name: 'negative zero', json: '-0' },
  { name: '2^64', json: '18446744073709551616' },
  { name: '2^53+1', json: '9007199254740993' },
  { name: 'long digit string', json: JSON.stringify('9'.repeat(5000)) },
  { name: 'decimal with 400 places', json: JSON.stringify(`0.${'1'.repeat(400)}`) },
  { name: 'NaN as string', json: '"NaN"' },
  { name: 'Infinity as string', json: '"Infinity"' },
  { name: 'hex number string', json: '"0x10"' },
  { name: 'fullwidth digits', json: JSON.stringify('１００') },
  { name: 'arabic-indic digits', json: JSON.stringify('١٠٠') },
  { name: 'null', json: 'null' },
  { name: 'true', json: 'true' },
  { name: 'empty string', json: '""' },
  { name: 'whitespace only', json: JSON.stringify(' \t\n\u00a0\u2028') },
  { name: 'NUL escaped', json: '"a\\u0000b"' },
  { name: 'lone surrogate', json: '"\\ud800"' },
  { name: 'reversed surrogates', json: '"\\udc00\\ud800"' },
  { name: 'RTL override', json: JSON.stringify('abc\u202edcba') },
  { name: 'zero-width joiners', json: JSON.stringify('a\u200d\u200b\ufeffb') },
  { name: 'combining marks', json: JSON.stringify(`e${'\u0301'.repeat(500)}`) },
  { name: 'fullwidth email', json: JSON.stringify('ｒｏｏｔ＠ｅｘａｍｐｌｅ．ｃｏｍ') },
  { name: 'email with combining mark', json: JSON.stringify('roo\u0301t@example.com') },
  { name: 'email NFD vs NFC', json: JSON.stringify('jose\u0301@example.com') },
  { name: 'email with dotless i', json: JSON.stringify('admın@example.com') },
  { name: 'email 1000 chars', json: JSON.stringify(`${'a'.repeat(990)}@example.com`) },
  { name: 'string 100k chars', json: JSON.stringify('x'.repeat(100_000)) },
  { name: 'emoji string', json: JSON.stringify('💳🔑'.repeat(200)) },
  { name: 'path traversal string', json: JSON.stringify('../../../../etc/passwd') },
  { name: 'html/script', json: JSON.stringify('<script>alert(1)</script>') },
  { name: 'sql-ish', json: JSON.stringify("'; drop table api_keys; --") },
  { name: 'CRLF injection', json: JSON.stringify('a\r\nSet-Cookie: x=1') },
  { name: 'empty array', json: '[]' },
  { name: 'empty object', json: '{}' },
  { name: 'huge array', json: `[${Array(100_000).fill('1').join(',')}]` },
  { name: 'array of 10k strings', json: `[${Array(10_000).fill('"invoices:read"').join(',')}]` },
  { name: 'deep arrays 5000', json: deep('[', ']', 5000) },
  { name: 'deep objects 5000', json: deep('{"a":', '}', 5000) },
  { name: 'deep arrays 100k with NUL', json: deep('[', ']', 100_000, '"\\u0000"') },
  { name: 'deep objects 50k with NUL', json: deep('{"a":', '}', 50_000, '"\\u0000"') },
  { name: '__proto__ object', json: '{"__proto__":{"polluted":"yes"}}' },
  { name: 'constructor.prototype', json: '{"constructor":{"prototype":{"polluted":"yes"}}}' },
  {
    name: 'object with 10k keys',
    json: `{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
  },
  { name: 'url with userinfo', json: JSON.stringify('http://user:pass@127.0.0.1:1/x') },
  { name: 'javascript url', json: JSON.stringify('javascript:alert(1)') },
  { name: 'file url', json: JSON.stringify('file:///etc/passwd') },
  { name: 'ipv6 mapped loopback url', json: JSON.stringify('http://[::ffff:127.0.0.1]/x') },
  { name: 'cidr garbage', json: '["999.1.1.1/99","::/-1","1.2.3.4/33","fe80::1%eth0"]' },
];

/** A valid body per endpoint, as JSON fragments per field, so one field at a time can be replaced. */
export interface Template {
  name: string;
  /**
   * 'signed' = merchant API; 'session' = logged-in dashboard user with CSRF; 'none' = public;
   * 'platform' = a service token with every scope (`{account}` in the path is an active account).
   */
  auth: 'signed' | 'session' | 'none' | 'platform';
  method: 'POST' | 'PUT';
  path: string;
  fields: Record<string, string>;
}

export const TEMPLATES: Template[] = [
  {
    name: 'merchant create invoice',
    auth: 'signed',
    method: 'POST',
    path: '/api/invoices',
    fields: {
      price_amount: '"10"',
      price_currency: '"EUR"',
      pay_currency: '"BTC"',
      custom_id: '"hc-{n}"',
      metadata: '{"a":"b"}',
      success_redirect_url: '"https://shop.example.com/ok"',
    },
  },
  {
    name: 'signup',
    auth: 'none',
    method: 'POST',
    path: '/dashboard/api/signup',
    fields: {
      business_name: '"Hostile"',
      email: '"hostile-{n}@example.com"',
      password: '"correct horse battery"',
    },
  },
  {
    name: 'login',
    auth: 'none',
    method: 'POST',
    path: '/dashboard/api/session',
    fields: { email: '"nobody-{n}@example.com"', password: '"correct horse battery"' },
  },
  {
    name: 'create api key',
    auth: 'session',
    method: 'POST',
    path: '/dashboard/api/api-keys',
    fields: { name: '"k"', permissions: '["invoices:read"]', ip_whitelist: '["127.0.0.1"]' },
  },
  {
    name: 'callback settings',
    auth: 'session',
    method: 'PUT',
    path: '/dashboard/api/callback-settings',
    fields: { callback_url: '"https://example.com/cb"' },
  },
  {
    name: 'invite',
    auth: 'session',
    method: 'POST',
    path: '/dashboard/api/invitations',
    fields: { email: '"invitee-{n}@example.com"', role: '"view"' },
  },
  {
    name: 'platform create account',
    auth: 'platform',
    method: 'POST',
    path: '/platform/v1/accounts',
    fields: { name: '"Hostile Ltd"', external_id: '"ext-{n}"', root_email: '"root-{n}@example.com"' },
  },
  {
    name: 'platform portal session',
    auth: 'platform',
    method: 'POST',
    path: '/platform/v1/accounts/{account}/portal-sessions',
    fields: { email: '"portal-{n}@example.com"', role: '"view"' },
  },
  {
    name: 'platform publish event',
    auth: 'platform',
    method: 'POST',
    path: '/platform/v1/accounts/{account}/events',
    fields: { type: '"Invoice"', event: '"status_changed"', data: '{"id":"x-{n}","status":"paid"}' },
  },
  {
    name: 'platform verify',
    auth: 'platform',
    method: 'POST',
    path: '/platform/v1/verify',
    fields: {
      method: '"POST"',
      path: '"/api/invoices"',
      content_type: '"application/json"',
      date: '"Tue, 01 Dec 2026 10:00:00 GMT"',
      authorization: '"HMAC key:c2ln"',
      body_md5: '"d41d8cd98f00b204e9800998ecf8427e"',
      client_ip: '"127.0.0.1"',
      permission: '"invoices:write"',
    },
  },
];

export interface BodyCase {
  name: string;
  body: string | Buffer;
  contentType?: string;
}

export const BODIES: BodyCase[] = [
  { name: 'empty body', body: '' },
  { name: 'JSON null', body: 'null' },
  { name: 'JSON array', body: '[]' },
  { name: 'JSON string', body: '"x"' },
  { name: 'JSON number', body: '1e400' },
  { name: 'truncated JSON', body: '{"a":' },
  { name: 'trailing garbage', body: '{} x' },
  { name: 'two documents', body: '{}{}' },
  { name: 'single quotes', body: "{'a':1}" },
  { name: 'comments', body: '{/* c */"a":1}' },
  { name: 'duplicate keys', body: '{"email":"a@example.com","email":"b@example.com"}' },
  { name: 'top-level __proto__', body: '{"__proto__":{"polluted":"yes"},"name":"x"}' },
  { name: 'top-level constructor', body: '{"constructor":{"prototype":{"polluted":"yes"}}}' },
  { name: 'BOM prefixed', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]) },
  {
    name: 'overlong UTF-8 slash',
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]),
  },
  {
    name: 'overlong UTF-8 NUL',
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d]),
  },
  { name: 'invalid UTF-8 bytes', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  {
    name: 'UTF-16LE JSON',
    body: Buffer.from('{"a":1}', 'utf16le'),
    contentType: 'application/json; charset=utf-16',
  },
  { name: 'raw NUL byte in JSON', body: Buffer.from('{"a":"\u0000"}', 'utf8') },
  { name: 'deep nesting 200k', body: deep('[', ']', 200_000) },
  { name: 'just over the body limit', body: `{"a":"${'x'.repeat(1_048_576)}"}` },
  {
    name: 'form-encoded',
    body: 'email=a%40b.c&password=x',
    contentType: 'application/x-www-form-urlencoded',
  },
  { name: 'text/plain JSON', body: '{"a":1}', contentType: 'text/plain' },
  {
    name: 'multipart',
    body: '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--',
    contentType: 'multipart/form-data; boundary=b',
  },
  {
    name: 'xml',
    body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
    contentType: 'application/xml',
  },
  { name: 'vendor +json', body: '{"a":1}', contentType: 'application/vnd.evil+json' },
  { name: 'json with odd params', body: '{}', contentType: 'application/json; charset=ebcdic; boundary=x' },
  { name: 'content-type list', body: '{}', contentType: 'application/json, text/plain' },
  { name: 'content-type garbage', body: '{}', contentType: '\u00ff\u00fe/;;;' },
  { name: 'no content-type', body: '{}', contentType: '' },
];

export interface PathCase {
  name: string;
  /** Appended to `/api` or `/dashboard/api`. */
  suffix: string;
}

const uuid = '00000000-0000-4000-8000-000000000000';

export const PATHS: PathCase[] = [
  { name: 'dot-dot traversal', suffix: '/../../etc/passwd' },
  { name: 'dot-dot to other API', suffix: '/../dashboard/api/me' },
  { name: 'encoded dot-dot', suffix: '/%2e%2e/%2e%2e/etc/passwd' },
  { name: 'encoded slash traversal', suffix: '/invoices/..%2f..%2fetc%2fpasswd' },
  { name: 'double-encoded', suffix: '/invoices/%252e%252e%252f' },
  { name: 'backslash traversal', suffix: '/invoices/..\\..\\windows' },
  { name: 'overlong UTF-8 dot', suffix: '/invoices/%c0%ae%c0%ae/%c0%af' },
  { name: 'invalid percent', suffix: '/invoices/%zz%' },
  { name: 'encoded NUL', suffix: '/invoices/%00' },
  { name: 'encoded NUL in query', suffix: '/invoices?starting_after=%00&limit=1' },
  { name: 'high byte percent', suffix: '/invoices/%ff%fe' },
  { name: 'fullwidth letters', suffix: '/%EF%BD%89nvoices' },
  { name: 'emoji id', suffix: '/invoices/%F0%9F%92%A9' },
  { name: 'uuid with fullwidth digit', suffix: `/invoices/${uuid.slice(0, -1)}%EF%BC%90` },
  { name: 'very long id', suffix: `/invoices/${'a'.repeat(5000)}` },
  { name: 'long param over router limit', suffix: `/callbacks/${'b'.repeat(300)}/resend` },
  { name: 'huge query string', suffix: `/invoices?${'q=1&'.repeat(3000)}` },
  { name: 'query string over header limit', suffix: `/invoices?x=${'y'.repeat(70_000)}` },
  { name: 'limit 1e400', suffix: '/invoices?limit=1e400' },
  { name: 'limit -0', suffix: '/invoices?limit=-0' },
  { name: 'limit 2^64', suffix: '/invoices?limit=18446744073709551616' },
  { name: 'limit NaN', suffix: '/invoices?limit=NaN' },
  { name: 'limit array', suffix: '/invoices?limit[]=1&limit[]=2' },
  { name: 'limit repeated', suffix: '/invoices?limit=1&limit=2' },
  {
    name: 'proto in query',
    suffix: '/invoices?__proto__[polluted]=yes&constructor[prototype][polluted]=yes',
  },
  { name: 'starting_after garbage', suffix: '/invoices?starting_after=../../x' },
  { name: 'callbacks status garbage', suffix: `/callbacks?status=${'%F0%9F%92%A9'.repeat(50)}` },
  { name: 'audit log limit huge', suffix: '/audit-log?limit=99999999999999999999999' },
  { name: 'double slash', suffix: '//invoices' },
  { name: 'trailing dot', suffix: '/invoices/.' },
  { name: 'semicolon path param', suffix: '/invoices;jsessionid=x' },
  { name: 'custom_id traversal', suffix: '/invoices/custom_id/..%2F..%2F' },
  { name: 'custom_id NUL', suffix: '/invoices/custom_id/a%00b' },
  { name: 'users id garbage', suffix: `/users/${'%27'.repeat(40)}` },
  { name: 'api-keys id unicode', suffix: '/api-keys/%E2%80%AE' },
];

export interface HeaderCase {
  name: string;
  /** Replaces the named headers (by lowercase name) of the valid request; repeats allowed. */
  headers: [string, string][];
}

export const HEADERS: HeaderCase[] = [
  { name: 'oversized header', headers: [['X-Big', 'a'.repeat(20_000)]] },
  {
    name: 'many headers',
    headers: Array.from({ length: 500 }, (_, i) => [`X-H${i}`, 'v'] as [string, string]),
  },
  {
    name: 'duplicate cookie',
    headers: [
      ['Cookie', 'signet_session=x'],
      ['Cookie', 'signet_session=y'],
    ],
  },
  { name: 'cookie garbage', headers: [['Cookie', '=;;;=;signet_session=%ff%00;'.repeat(50)]] },
  { name: 'csrf unicode', headers: [['X-CSRF-Token', '\u00ff\u00fe\u00e9'.repeat(10)]] },
  {
    name: 'duplicate csrf',
    headers: [
      ['X-CSRF-Token', 'a'],
      ['X-CSRF-Token', 'b'],
    ],
  },
  {
    name: 'authorization huge',
    headers: [['Authorization', `HMAC ${'a'.repeat(8000)}:${'b'.repeat(8000)}`]],
  },
  { name: 'authorization latin1', headers: [['Authorization', 'HMAC \u00e9\u00e9:\u00ff']] },
  { name: 'date huge', headers: [['Date', 'Mon, '.repeat(2000)]] },
  { name: 'date latin1', headers: [['Date', 'Mon, 01 Jan 2024 00:00:00 G\u00ffT']] },
  { name: 'x-forwarded-for garbage', headers: [['X-Forwarded-For', '::::,999.999.1.1,<script>']] },
  { name: 'content-length huge', headers: [['Content-Length', '99999999999999999999']] },
  { name: 'content-length negative', headers: [['Content-Length', '-1']] },
  {
    name: 'transfer-encoding and content-length',
    headers: [
      ['Transfer-Encoding', 'chunked'],
      ['Content-Length', '5'],
    ],
  },
  { name: 'transfer-encoding unknown', headers: [['Transfer-Encoding', 'gzip, chunked, evil']] },
  { name: 'content-encoding gzip lie', headers: [['Content-Encoding', 'gzip']] },
  { name: 'expect 100-continue', headers: [['Expect', '100-continue']] },
  { name: 'host header garbage', headers: [['Host', '\u00ff\u00fe:99999']] },
];

/** For the platform API: its Bearer token and Idempotency-Key headers, mangled. */
export const PLATFORM_HEADERS: HeaderCase[] = [
  { name: 'bearer without token', headers: [['Authorization', 'Bearer ']] },
  { name: 'bearer huge', headers: [['Authorization', `Bearer sgt_${'a'.repeat(16_000)}`]] },
  { name: 'bearer latin1', headers: [['Authorization', 'Bearer sgt_\u00e9\u00ff']] },
  { name: 'bearer twice in one header', headers: [['Authorization', 'Bearer sgt_a Bearer sgt_b']] },
  {
    name: 'two authorization headers',
    headers: [
      ['Authorization', 'Bearer sgt_a'],
      ['Authorization', 'Bearer sgt_b'],
    ],
  },
  { name: 'basic auth', headers: [['Authorization', 'Basic dXNlcjpwYXNz']] },
  { name: 'idempotency key empty', headers: [['Idempotency-Key', '']] },
  { name: 'idempotency key huge', headers: [['Idempotency-Key', 'k'.repeat(10_000)]] },
  { name: 'idempotency key latin1', headers: [['Idempotency-Key', '\u00e9\u00ff\u00fe']] },
  { name: 'idempotency key spaces', headers: [['Idempotency-Key', '   ']] },
  {
    name: 'two idempotency keys',
    headers: [
      ['Idempotency-Key', 'a'],
      ['Idempotency-Key', 'b'],
    ],
  },
];

export const RAW: { name: string; bytes: Buffer }[] = [
  {
    name: 'NUL in header',
    bytes: Buffer.from('GET /api/invoices HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n', 'latin1'),
  },
  { name: 'NUL in path', bytes: Buffer.from('GET /api/inv\0oices HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1') },
  {
    name: 'raw high bytes in path',
    bytes: Buffer.from('GET /dashboard/api/\xff\xfe HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1'),
  },
  { name: 'raw UTF-8 in path', bytes: Buffer.from('GET /api/ｉnvoices HTTP/1.1\r\nHost: a\r\n\r\n', 'utf8') },
  {
    name: 'bare LF line endings',
    bytes: Buffer.from('GET /dashboard/api/me HTTP/1.1\nHost: a\n\n', 'latin1'),
  },
  {
    name: 'bare CR in header',
    bytes: Buffer.from('GET /dashboard/api/me HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n', 'latin1'),
  },
  {
    name: 'space before colon',
    bytes: Buffer.from('GET /dashboard/api/me HTTP/1.1\r\nHost : a\r\n\r\n', 'latin1'),
  },
  {
    name: 'conflicting content-length',
    bytes: Buffer.from(
      'POST /dashboard/api/signup HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
      'latin1',
    ),
  },
  {
    name: 'smuggling TE+CL',
    bytes: Buffer.from(
      'POST /dashboard/api/signup HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /dashboard/api/me HTTP/1.1\r\nHost: a\r\n\r\n',
      'latin1',
    ),
  },
  {
    name: 'bad chunk size',
    bytes: Buffer.from(
      'POST /dashboard/api/signup HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      'latin1',
    ),
  },
  { name: 'HTTP/0.9 style', bytes: Buffer.from('GET /dashboard/api/me\r\n\r\n', 'latin1') },
  {
    name: 'unknown method',
    bytes: Buffer.from('BREW /dashboard/api/me HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1'),
  },
  {
    name: 'absolute-form target',
    bytes: Buffer.from('GET http://evil.example/dashboard/api/me HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1'),
  },
  { name: 'asterisk target', bytes: Buffer.from('OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1') },
  { name: 'TRACE', bytes: Buffer.from('TRACE /api/invoices HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1') },
  {
    name: 'request line over limit',
    bytes: Buffer.from(`GET /api/${'a'.repeat(100_000)} HTTP/1.1\r\nHost: a\r\n\r\n`, 'latin1'),
  },
  { name: 'HTTP/2 preface', bytes: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1') },
  { name: 'TLS client hello', bytes: Buffer.from('16030100a5010000a10303', 'hex') },
];
