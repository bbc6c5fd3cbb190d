import { describe, expect, it, vi } from 'vitest';
import { decodedRequestTarget } from '../../../src/core/signature/decoded-target.js';
import { createRequestSigner, type RequestSigner } from '../../../src/core/signature/request-signer.js';
import {
  checkSignedRequest,
  parseSignedRequest,
  serverStringToSign,
  type SignedRequestInput,
} from '../../../src/core/signature/verify-request.js';
import { referenceAuthorization } from './reference-signing.js';

describe('decodedRequestTarget', () => {
  it('decodes what the Java SDK encodes in ids and query values', () => {
    // URLEncoder.encode(v, "utf8").replaceAll("\\+", "%20"), as the SDK builds paths and queries.
    expect(decodedRequestTarget('/api/customers/jane%40example.com')).toBe('/api/customers/jane@example.com');
    expect(decodedRequestTarget('/api/invoices/custom_id/order%201')).toBe('/api/invoices/custom_id/order 1');
    expect(decodedRequestTarget('/api/invoices?customer_id=caf%C3%A9%7E%3A1')).toBe(
      '/api/invoices?customer_id=café~:1',
    );
    expect(decodedRequestTarget('/api/x/%F0%9F%98%80')).toBe('/api/x/\u{1F600}');
    // Upper and lower case hex alike; a raw `+` stays (java.net.URI does not decode it either).
    expect(decodedRequestTarget('/api/x/a%40b%c3%a9?q=a+b')).toBe('/api/x/a@bé?q=a+b');
    for (const c of ' !"$\'(),:<>@[]^`{|}~') {
      const hex = c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
      expect(decodedRequestTarget(`/api/x/a%${hex}b`), c).toBe(`/api/x/a${c}b`);
    }
  });

  it('has no candidate for a target without an escape', () => {
    expect(
      decodedRequestTarget('/api/invoices?starting_after=0b6f7c1e-3a5d-4e8f-9a0b-1c2d3e4f5a6b'),
    ).toBeNull();
    expect(decodedRequestTarget('')).toBeNull();
  });

  it('refuses escapes that would change the structure of the request', () => {
    // `/` another route, `?` `#` the end of the path, `&` `=` another query, `;` a parameter
    // delimiter to some servers, `+` a space to the query parser, `%` double decoding, `\` a slash
    // to some servers, `.` dot segments.
    for (const c of '/?#&=;+%\\.') {
      const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
      expect(decodedRequestTarget(`/api/x/a%${hex.toUpperCase()}b`), c).toBeNull();
      expect(decodedRequestTarget(`/api/x/a%${hex}b`), c).toBeNull();
    }
    // One refused escape refuses the whole candidate, however many others are fine.
    expect(decodedRequestTarget('/api/customers/a%40b?customer_id=x%26y')).toBeNull();
  });

  it('refuses escapes the Java SDK never produces, and control bytes', () => {
    for (const c of 'aZ09-_*') {
      const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
      expect(decodedRequestTarget(`/api/x/%${hex}`), c).toBeNull();
    }
    for (const byte of [0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x7f])
      expect(decodedRequestTarget(`/api/x/%${byte.toString(16).padStart(2, '0')}`), String(byte)).toBeNull();
  });

  it('refuses malformed escapes, invalid UTF-8 and raw bytes outside visible ASCII', () => {
    for (const target of [
      '/api/x/%',
      '/api/x/%4',
      '/api/x/%zz',
      '/api/x/%4g',
      '/api/x/%C3', // truncated sequence
      '/api/x/%C3%28', // bad continuation
      '/api/x/%C0%AF', // overlong `/`
      '/api/x/%E0%80%AF', // overlong `/`, three bytes
      '/api/x/%ED%A0%80', // a UTF-16 surrogate
      '/api/x/%F4%90%80%80', // beyond U+10FFFF
      '/api/x/%FF',
      '/api/x/caf\u00e9%40', // a raw non-ASCII character beside an escape
      '/api/x/a b%40', // a raw space
    ])
      expect(decodedRequestTarget(target), target).toBeNull();
  });

  it('keeps a byte-order mark rather than dropping it', () => {
    expect(decodedRequestTarget('/api/x/%EF%BB%BFa')).toBe('/api/x/\uFEFFa');
  });
});

const API_KEY = 'Lk3vQ8pZrT2nW6yB1cXeHg';
const SECRET = 'mN4bV7cX1zL0kJ9hG8fD6sA5pO3iU2yT';
const DATE = 'Mon, 30 Nov 2026 10:00:00 GMT';
const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);

/** A GET sent to `sent` whose signature is over `signed`. */
function request(sent: string, signed: string): SignedRequestInput {
  return {
    method: 'GET',
    path: sent,
    rawBody: undefined,
    contentType: 'application/json',
    date: DATE,
    authorization: referenceAuthorization({
      apiKey: API_KEY,
      secret: SECRET,
      method: 'GET',
      path: signed,
      contentType: 'application/json',
      date: DATE,
    }),
  };
}

function check(input: SignedRequestInput, acceptDecodedTarget: boolean | undefined, signer?: RequestSigner) {
  const parsed = parseSignedRequest(input, NOW);
  if (!parsed.ok) throw new Error(parsed.reason);
  return checkSignedRequest(
    input,
    parsed,
    signer ?? createRequestSigner(SECRET),
    acceptDecodedTarget === undefined ? undefined : { acceptDecodedTarget },
  );
}

describe('checkSignedRequest with acceptDecodedTarget', () => {
  const sent = '/api/invoices/custom_id/jane%40example.com%20x?customer_id=caf%C3%A9';
  const decoded = '/api/invoices/custom_id/jane@example.com x?customer_id=café';

  it('is off by default: a signature over the decoded target is a bad signature', () => {
    for (const option of [undefined, false]) {
      const result = check(request(sent, decoded), option);
      expect(result).toEqual({
        ok: false,
        reason: 'bad_signature',
        apiKey: API_KEY,
        stringToSign: `GET\n\napplication/json\n${DATE}\n${sent}`,
      });
    }
  });

  it('accepts the Java SDK form as a second candidate, and says so', () => {
    expect(check(request(sent, decoded), true)).toEqual({ ok: true, apiKey: API_KEY, decodedTarget: true });
    // The raw form still verifies, and is not reported as decoded.
    expect(check(request(sent, sent), true)).toEqual({ ok: true, apiKey: API_KEY });
  });

  it('a refusal still shows the raw StringToSign, never the decoded one', () => {
    const result = check(request(sent, '/api/invoices/custom_id/someone-else'), true);
    expect(result).toEqual({
      ok: false,
      reason: 'bad_signature',
      apiKey: API_KEY,
      stringToSign: serverStringToSign(request(sent, sent)),
    });
  });

  it('no second candidate where decoding would change the request', () => {
    for (const [raw, asJavaSigns] of [
      ['/api/customers/a%2Fb', '/api/customers/a/b'],
      ['/api/customers/x%3Fy', '/api/customers/x?y'],
      ['/api/invoices?customer_id=a%26subscription_id%3Db', '/api/invoices?customer_id=a&subscription_id=b'],
      ['/api/invoices?customer_id=a%2Bb', '/api/invoices?customer_id=a+b'],
      ['/api/customers/a%2541', '/api/customers/a%41'],
    ] as const) {
      const result = check(request(raw, asJavaSigns), true);
      expect(result.ok, raw).toBe(false);
      expect(result).toMatchObject({
        reason: 'bad_signature',
        stringToSign: expect.stringMatching(new RegExp(`\n${raw.replace(/[?+]/g, '\\$&')}$`)),
      });
    }
  });

  it('computes both signatures whichever matches (no early exit on the raw candidate)', () => {
    const signer = createRequestSigner(SECRET);
    const spy = vi.spyOn(signer, 'signBase64');
    check(request(sent, sent), true, signer);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy.mock.calls.map((c) => c[0].split('\n').at(-1))).toEqual([sent, decoded]);
    spy.mockClear();
    check(request(sent, 'wrong'), true, signer);
    expect(spy).toHaveBeenCalledTimes(2);
    // A target without an escape costs one HMAC, as before.
    spy.mockClear();
    check(request('/api/invoices', '/api/invoices'), true, signer);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('hashes the body once for both candidates', () => {
    const body = '{"a":1}';
    const input: SignedRequestInput = {
      method: 'PATCH',
      path: '/api/customers/jane%40example.com',
      rawBody: Buffer.from(body),
      contentType: 'application/json',
      date: DATE,
      authorization: referenceAuthorization({
        apiKey: API_KEY,
        secret: SECRET,
        method: 'PATCH',
        path: '/api/customers/jane@example.com',
        body,
        contentType: 'application/json',
        date: DATE,
      }),
    };
    expect(check(input, true)).toEqual({ ok: true, apiKey: API_KEY, decodedTarget: true });
    // The decoded candidate covers the same body: altering it fails both.
    expect(check({ ...input, rawBody: Buffer.from('{"a":2}') }, true)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });
});
