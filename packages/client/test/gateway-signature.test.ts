import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  GATEWAY_HEADERS,
  gatewayStringToSign,
  signGatewayRequest,
  verifyGatewayRequest,
} from '../src/index.js';
import type { GatewaySigningIdentity, VerifyGatewayRequestInput } from '../src/index.js';

const SECRET = 'at-least-32-characters-of-gateway-secret';
const TIMESTAMP = 1_767_225_600; // 2026-01-01T00:00:00Z
const NOW_MS = TIMESTAMP * 1000;

const IDENTITY: GatewaySigningIdentity = {
  accountId: 'acc_7f3a',
  keyId: 'key_19b2',
  keyName: 'Shop backend / été',
  // Deliberately unsorted: signing sorts, as X-Signet-Permissions must be.
  permissions: ['orders:write', 'orders:read'],
  requestId: '0123456789abcdef0123456789abcdef',
  clientIp: '203.0.113.7',
};

// The string-to-sign for the request below, written out by hand from the contract.
const LITERAL_STRING_TO_SIGN = [
  'signet-gateway-v1',
  '1767225600',
  'POST',
  '/base/orders/42?expand=items&x=%2F',
  '0123456789abcdef0123456789abcdef',
  '203.0.113.7',
  'acc_7f3a',
  'key_19b2',
  'Shop%20backend%20%2F%20%C3%A9t%C3%A9',
  'orders:read,orders:write',
].join('\n');

/** The headers Signet sends with the request above, as Node's req.headers shows them. */
function signedHeaders(overrides: IncomingHttpHeaders = {}): IncomingHttpHeaders {
  const signature = signGatewayRequest({
    secret: SECRET,
    timestamp: TIMESTAMP,
    method: 'post',
    url: '/base/orders/42?expand=items&x=%2F',
    identity: IDENTITY,
  });
  return {
    host: 'upstream.internal',
    'x-signet-account-id': 'acc_7f3a',
    'x-signet-key-id': 'key_19b2',
    'x-signet-key-name': 'Shop%20backend%20%2F%20%C3%A9t%C3%A9',
    'x-signet-permissions': 'orders:read,orders:write',
    'x-request-id': '0123456789abcdef0123456789abcdef',
    'x-signet-client-ip': '203.0.113.7',
    'x-signet-timestamp': String(TIMESTAMP),
    'x-signet-signature': signature,
    ...overrides,
  };
}

function verify(overrides: Partial<VerifyGatewayRequestInput> = {}) {
  return verifyGatewayRequest({
    method: 'POST',
    url: '/base/orders/42?expand=items&x=%2F',
    headers: signedHeaders(),
    secret: SECRET,
    now: NOW_MS,
    ...overrides,
  });
}

describe('GATEWAY_HEADERS', () => {
  it('names the contract headers in lower case', () => {
    expect(GATEWAY_HEADERS).toEqual({
      accountId: 'x-signet-account-id',
      keyId: 'x-signet-key-id',
      keyName: 'x-signet-key-name',
      permissions: 'x-signet-permissions',
      requestId: 'x-request-id',
      clientIp: 'x-signet-client-ip',
      timestamp: 'x-signet-timestamp',
      signature: 'x-signet-signature',
    });
  });
});

describe('known answer', () => {
  const expected = `v1=${createHmac('sha256', SECRET).update(LITERAL_STRING_TO_SIGN, 'utf8').digest('hex')}`;

  it('gatewayStringToSign builds the literal string-to-sign from the wire values', () => {
    expect(
      gatewayStringToSign({
        timestamp: TIMESTAMP,
        method: 'post',
        url: '/base/orders/42?expand=items&x=%2F',
        requestId: '0123456789abcdef0123456789abcdef',
        clientIp: '203.0.113.7',
        accountId: 'acc_7f3a',
        keyId: 'key_19b2',
        keyName: 'Shop%20backend%20%2F%20%C3%A9t%C3%A9',
        permissions: 'orders:read,orders:write',
      }),
    ).toBe(LITERAL_STRING_TO_SIGN);
  });

  it('signGatewayRequest matches an HMAC-SHA256 computed here over the literal string', () => {
    expect(expected).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(signedHeaders()['x-signet-signature']).toBe(expected);
  });

  it('verifyGatewayRequest accepts the independently computed signature', () => {
    const result = verify({ headers: signedHeaders({ 'x-signet-signature': expected }) });
    expect(result.ok).toBe(true);
  });

  it('a public-route request without a key signs four empty lines', () => {
    const literal = [
      'signet-gateway-v1',
      '1767225600',
      'GET',
      '/health',
      'ffffffffffffffffffffffffffffffff',
      '::1',
      '',
      '',
      '',
      '',
    ].join('\n');
    const independent = `v1=${createHmac('sha256', SECRET).update(literal, 'utf8').digest('hex')}`;
    expect(
      signGatewayRequest({
        secret: SECRET,
        timestamp: TIMESTAMP,
        method: 'GET',
        url: '/health',
        identity: { requestId: 'ffffffffffffffffffffffffffffffff', clientIp: '::1' },
      }),
    ).toBe(independent);
    // null fields sign like omitted ones.
    expect(
      signGatewayRequest({
        secret: SECRET,
        timestamp: TIMESTAMP,
        method: 'GET',
        url: '/health',
        identity: {
          accountId: null,
          keyId: null,
          keyName: null,
          permissions: [],
          requestId: 'ffffffffffffffffffffffffffffffff',
          clientIp: '::1',
        },
      }),
    ).toBe(independent);
  });
});

describe('round trip', () => {
  it('returns the identity, key name decoded, permissions as a sorted list', () => {
    expect(verify()).toEqual({
      ok: true,
      identity: {
        accountId: 'acc_7f3a',
        keyId: 'key_19b2',
        keyName: 'Shop backend / été',
        permissions: ['orders:read', 'orders:write'],
        requestId: '0123456789abcdef0123456789abcdef',
        clientIp: '203.0.113.7',
        timestamp: TIMESTAMP,
      },
    });
  });

  it('accepts a lower-case method from the caller (the method is signed upper case)', () => {
    expect(verify({ method: 'post' }).ok).toBe(true);
  });

  it('accepts a WHATWG Headers instance', () => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(signedHeaders())) headers.set(name, String(value));
    const result = verify({ headers });
    expect(result.ok && result.identity.keyName).toBe('Shop backend / été');
    expect(verify({ headers, secret: 'another-secret-of-at-least-32-characters' })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('a public-route request without key identity verifies with null key fields', () => {
    const signature = signGatewayRequest({
      secret: SECRET,
      timestamp: TIMESTAMP,
      method: 'GET',
      url: '/health',
      identity: { requestId: 'ffffffffffffffffffffffffffffffff', clientIp: '::1' },
    });
    const result = verifyGatewayRequest({
      method: 'GET',
      url: '/health',
      headers: {
        'x-request-id': 'ffffffffffffffffffffffffffffffff',
        'x-signet-client-ip': '::1',
        'x-signet-timestamp': String(TIMESTAMP),
        'x-signet-signature': signature,
      },
      secret: SECRET,
      now: new Date(NOW_MS),
    });
    expect(result).toEqual({
      ok: true,
      identity: {
        accountId: null,
        keyId: null,
        keyName: null,
        permissions: [],
        requestId: 'ffffffffffffffffffffffffffffffff',
        clientIp: '::1',
        timestamp: TIMESTAMP,
      },
    });
  });

  it('a key with no permissions sends an empty X-Signet-Permissions, read as []', () => {
    const identity = { ...IDENTITY, permissions: [] };
    const signature = signGatewayRequest({
      secret: SECRET,
      timestamp: TIMESTAMP,
      method: 'GET',
      url: '/x',
      identity,
    });
    const result = verify({
      method: 'GET',
      url: '/x',
      headers: signedHeaders({ 'x-signet-permissions': '', 'x-signet-signature': signature }),
    });
    expect(result.ok && result.identity.permissions).toEqual([]);
  });

  it('defaults now to the current time', () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signGatewayRequest({
      secret: SECRET,
      timestamp,
      method: 'GET',
      url: '/',
      identity: { requestId: 'r', clientIp: 'c' },
    });
    const headers = {
      'x-request-id': 'r',
      'x-signet-client-ip': 'c',
      'x-signet-timestamp': String(timestamp),
      'x-signet-signature': signature,
    };
    expect(verifyGatewayRequest({ method: 'GET', url: '/', headers, secret: SECRET }).ok).toBe(true);
    expect(
      verifyGatewayRequest({ method: 'GET', url: '/', headers, secret: SECRET, now: NOW_MS - 10_000_000 }),
    ).toEqual({ ok: false, reason: 'stale_timestamp' });
  });
});

describe('secret rotation', () => {
  it('accepts a signature made with any secret of the list', () => {
    const previous = 'the-previous-gateway-secret-32-chars-long';
    expect(verify({ secret: [SECRET] }).ok).toBe(true);
    expect(verify({ secret: [previous, SECRET] }).ok).toBe(true);
    expect(verify({ secret: [SECRET, previous] }).ok).toBe(true);
    expect(verify({ secret: [previous] })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ secret: previous })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses an empty secret configuration loudly instead of accepting an empty HMAC key', () => {
    expect(() => verify({ secret: [] })).toThrow(TypeError);
    expect(() => verify({ secret: '' })).toThrow(TypeError);
    expect(() => verify({ secret: [SECRET, ''] })).toThrow(TypeError);
    expect(() => verify({ secret: undefined as unknown as string })).toThrow(TypeError);
  });
});

describe('failure reasons', () => {
  it('missing_signature when X-Signet-Signature is absent or empty', () => {
    const { 'x-signet-signature': _dropped, ...rest } = signedHeaders();
    expect(verify({ headers: rest })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verify({ headers: signedHeaders({ 'x-signet-signature': '' }) })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(verify({ headers: {} })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verify({ headers: new Headers() })).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('repeated_header for an array value of any gateway header', () => {
    const signature = signedHeaders()['x-signet-signature'] as string;
    for (const name of Object.values(GATEWAY_HEADERS)) {
      const value = signedHeaders()[name] ?? 'x';
      const headers = signedHeaders({ [name]: [String(value), String(value)] });
      expect(verify({ headers }), name).toEqual({ ok: false, reason: 'repeated_header' });
    }
    expect(verify({ headers: signedHeaders({ 'x-signet-signature': [signature] }) })).toEqual({
      ok: false,
      reason: 'repeated_header',
    });
  });

  it('repeated_header for a signature or timestamp joined with ", " (how Node and fetch merge repeats)', () => {
    const signature = signedHeaders()['x-signet-signature'] as string;
    expect(
      verify({ headers: signedHeaders({ 'x-signet-signature': `${signature}, ${signature}` }) }),
    ).toEqual({ ok: false, reason: 'repeated_header' });
    const headers = new Headers();
    for (const [name, value] of Object.entries(signedHeaders())) headers.set(name, String(value));
    headers.append('x-signet-timestamp', String(TIMESTAMP));
    expect(verify({ headers })).toEqual({ ok: false, reason: 'repeated_header' });
  });

  it('malformed_signature for a missing or non-numeric timestamp', () => {
    const { 'x-signet-timestamp': _dropped, ...rest } = signedHeaders();
    expect(verify({ headers: rest })).toEqual({ ok: false, reason: 'malformed_signature' });
    for (const timestamp of [
      '',
      'abc',
      '1767225600.0',
      '-1767225600',
      ' 1767225600',
      '1e9',
      '0x10',
      '9'.repeat(16),
    ]) {
      expect(verify({ headers: signedHeaders({ 'x-signet-timestamp': timestamp }) }), timestamp).toEqual({
        ok: false,
        reason: 'malformed_signature',
      });
    }
  });

  it('malformed_signature for a signature that is not v1= + 64 lower-case hex', () => {
    const signature = signedHeaders()['x-signet-signature'] as string;
    const hex = signature.slice(3);
    for (const bad of [
      hex,
      `v2=${hex}`,
      `V1=${hex}`,
      `v1=${hex.toUpperCase()}`,
      `v1=${hex.slice(0, 63)}`,
      `v1=${hex}0`,
      `v1=${hex.slice(0, 63)}g`,
      ` ${signature}`,
      `${signature} `,
      `v1=${Buffer.from(hex, 'hex').toString('base64')}`,
    ]) {
      expect(verify({ headers: signedHeaders({ 'x-signet-signature': bad }) }), bad).toEqual({
        ok: false,
        reason: 'malformed_signature',
      });
    }
  });

  it('malformed_signature for a signed key name whose percent-encoding is broken', () => {
    // Signed correctly over the broken value, so only the decoding can fail.
    const brokenName = 'caf%C3';
    const literal = LITERAL_STRING_TO_SIGN.replace('Shop%20backend%20%2F%20%C3%A9t%C3%A9', brokenName);
    const signature = `v1=${createHmac('sha256', SECRET).update(literal, 'utf8').digest('hex')}`;
    const headers = signedHeaders({ 'x-signet-key-name': brokenName, 'x-signet-signature': signature });
    expect(verify({ headers })).toEqual({ ok: false, reason: 'malformed_signature' });
  });

  it('bad_signature for a wrong secret or a well-formed but wrong signature', () => {
    expect(verify({ secret: `${SECRET}x` })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ headers: signedHeaders({ 'x-signet-signature': `v1=${'0'.repeat(64)}` }) })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('never throws on odd input', () => {
    const odd: unknown[] = [
      undefined,
      null,
      { get: 'not a function' },
      { 'x-signet-signature': 42, 'x-signet-timestamp': {} },
      {
        get() {
          throw new Error('broken adapter');
        },
      },
    ];
    for (const headers of odd) {
      expect(() => verify({ headers: headers as IncomingHttpHeaders })).not.toThrow();
      expect(verify({ headers: headers as IncomingHttpHeaders }).ok).toBe(false);
    }
    expect(verify({ method: undefined, url: undefined })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ method: 7 as unknown as string })).toEqual({ ok: false, reason: 'bad_signature' });
  });
});

describe('tampering', () => {
  const fields: [string, string][] = [
    ['x-signet-account-id', 'acc_other'],
    ['x-signet-key-id', 'key_other'],
    ['x-signet-key-name', 'Shop%20backend'],
    ['x-signet-permissions', 'orders:read,orders:write,admin'],
    ['x-signet-permissions', 'orders:write,orders:read'],
    ['x-signet-permissions', 'orders:read'],
    ['x-request-id', 'fedcba9876543210fedcba9876543210'],
    ['x-signet-client-ip', '198.51.100.1'],
    ['x-signet-timestamp', String(TIMESTAMP + 1)],
    ['x-signet-timestamp', String(TIMESTAMP - 1)],
  ];
  for (const [name, value] of fields) {
    it(`${name}: ${value} -> bad_signature`, () => {
      expect(verify({ headers: signedHeaders({ [name]: value }) })).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    });
  }

  for (const name of [
    'x-signet-account-id',
    'x-signet-key-id',
    'x-signet-key-name',
    'x-signet-permissions',
  ]) {
    it(`dropping ${name} -> bad_signature`, () => {
      const headers = signedHeaders();
      delete headers[name];
      expect(verify({ headers })).toEqual({ ok: false, reason: 'bad_signature' });
    });
  }

  it('stripping all four key headers (posing as a public request) -> bad_signature', () => {
    const headers = signedHeaders();
    for (const name of [
      'x-signet-account-id',
      'x-signet-key-id',
      'x-signet-key-name',
      'x-signet-permissions',
    ]) {
      delete headers[name];
    }
    expect(verify({ headers })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('another method -> bad_signature', () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'POST ']) {
      expect(verify({ method }), method).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('another url (path, query, encoding, trailing slash) -> bad_signature', () => {
    for (const url of [
      '/base/orders/43?expand=items&x=%2F',
      '/base/orders/42?expand=items&x=/',
      '/base/orders/42?expand=items',
      '/base/orders/42',
      '/base/orders/42/?expand=items&x=%2F',
      '/orders/42?expand=items&x=%2F',
      '/base/orders/42?x=%2F&expand=items',
    ]) {
      expect(verify({ url }), url).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });
});

describe('timestamp tolerance', () => {
  it('accepts exactly the tolerance either way and refuses one second more', () => {
    const s = 1000;
    expect(verify({ now: NOW_MS + 300 * s }).ok).toBe(true);
    expect(verify({ now: NOW_MS + 300 * s + 999 }).ok).toBe(true); // still second 300
    expect(verify({ now: NOW_MS + 301 * s })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify({ now: NOW_MS - 300 * s }).ok).toBe(true);
    expect(verify({ now: NOW_MS - 301 * s })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify({ now: new Date(NOW_MS - 301 * s) })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('honours toleranceSeconds', () => {
    expect(verify({ now: NOW_MS + 10_000, toleranceSeconds: 10 }).ok).toBe(true);
    expect(verify({ now: NOW_MS + 11_000, toleranceSeconds: 10 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(verify({ now: NOW_MS - 11_000, toleranceSeconds: 10 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(verify({ now: NOW_MS, toleranceSeconds: 0 }).ok).toBe(true);
    expect(verify({ now: NOW_MS + 1000, toleranceSeconds: 0 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('refuses an invalid clock or tolerance instead of accepting every timestamp', () => {
    expect(() => verify({ now: Number.NaN })).toThrow(TypeError);
    expect(() => verify({ now: new Date('not a date') })).toThrow(TypeError);
    expect(() => verify({ toleranceSeconds: Number.NaN })).toThrow(TypeError);
    expect(() => verify({ toleranceSeconds: -1 })).toThrow(TypeError);
  });
});

describe('signGatewayRequest refuses unusable input', () => {
  const base = { secret: SECRET, timestamp: TIMESTAMP, method: 'GET', url: '/', identity: IDENTITY };

  it('an empty secret or a non-integer timestamp', () => {
    expect(() => signGatewayRequest({ ...base, secret: '' })).toThrow(TypeError);
    expect(() => signGatewayRequest({ ...base, timestamp: TIMESTAMP + 0.5 })).toThrow(TypeError);
    expect(() => signGatewayRequest({ ...base, timestamp: -1 })).toThrow(TypeError);
  });

  it('a line break in any field, or a comma in a permission id', () => {
    expect(() => signGatewayRequest({ ...base, url: '/a\nb' })).toThrow(TypeError);
    expect(() => signGatewayRequest({ ...base, identity: { ...IDENTITY, clientIp: '1.2.3.4\r' } })).toThrow(
      TypeError,
    );
    expect(() => signGatewayRequest({ ...base, identity: { ...IDENTITY, permissions: ['a\nb'] } })).toThrow(
      TypeError,
    );
    expect(() => signGatewayRequest({ ...base, identity: { ...IDENTITY, permissions: ['a,b'] } })).toThrow(
      TypeError,
    );
    // A line break in the key name is fine: it is percent-encoded before signing.
    expect(signGatewayRequest({ ...base, identity: { ...IDENTITY, keyName: 'two\nlines' } })).toMatch(
      /^v1=[0-9a-f]{64}$/,
    );
  });
});
