import { describe, expect, it, vi } from 'vitest';
import vectors from '../../../../client/test/fixtures/signatures.json' with { type: 'json' };
import { createRequestSigner } from '../../../src/core/signature/request-signer.js';
import type { RequestSigner } from '../../../src/core/signature/request-signer.js';
import {
  checkSignedRequest,
  MAX_CLOCK_SKEW_MS,
  parseSignedRequest,
  verifyRequest,
  verifyRequestAsync,
} from '../../../src/core/signature/verify-request.js';
import type { SignedRequestInput, VerifyResult } from '../../../src/core/signature/verify-request.js';
import { referenceAuthorization, referenceStringToSign } from './reference-signing.js';
import type { ReferenceRequest } from './reference-signing.js';

const API_KEY = 'Lk3vQ8pZrT2nW6yB1cXeHg';
const SECRET = 'mN4bV7cX1zL0kJ9hG8fD6sA5pO3iU2yT';
const DATE = 'Mon, 30 Nov 2026 10:00:00 GMT';
const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);

function signed(overrides: Partial<ReferenceRequest> = {}): SignedRequestInput {
  const request: ReferenceRequest = {
    apiKey: API_KEY,
    secret: SECRET,
    method: 'POST',
    path: '/api/invoices',
    body: '{"price_amount":"10","price_currency":"EUR","pay_currency":"BTC"}',
    contentType: 'application/json',
    date: DATE,
    ...overrides,
  };
  return {
    method: request.method,
    path: request.path,
    rawBody: request.body === undefined ? undefined : Buffer.from(request.body, 'utf8'),
    contentType: request.contentType,
    date: request.date,
    authorization: referenceAuthorization(request),
  };
}

const signers = new Map<string, RequestSigner>([[API_KEY, createRequestSigner(SECRET)]]);
const deps = { now: NOW, findSigner: (apiKey: string) => signers.get(apiKey) };

describe('verifyRequest with the vectors', () => {
  for (const vector of vectors.requests) {
    const input: SignedRequestInput = {
      method: vector.method,
      path: vector.path,
      rawBody: vector.body === '' ? undefined : Buffer.from(vector.body, 'utf8'),
      contentType: vector.content_type,
      date: vector.date,
      authorization: vector.authorization,
    };
    const vectorDeps = {
      now: Date.parse(vector.date),
      findSigner: () => createRequestSigner(vector.api_secret),
    };

    it(`accepts ${vector.name}`, () => {
      expect(verifyRequest(input, vectorDeps)).toEqual({ ok: true, apiKey: vector.api_key });
    });

    it(`accepts ${vector.name} with an empty (not absent) body buffer when the body is empty`, () => {
      const withBuffer = { ...input, rawBody: Buffer.from(vector.body, 'utf8') };
      expect(verifyRequest(withBuffer, vectorDeps).ok).toBe(true);
    });

    it(`rejects ${vector.name} under another secret, showing the vector's StringToSign`, () => {
      const result = verifyRequest(input, { ...vectorDeps, findSigner: () => createRequestSigner('other') });
      expect(result).toEqual({
        ok: false,
        reason: 'bad_signature',
        apiKey: vector.api_key,
        stringToSign: vector.string_to_sign,
      });
    });
  }
});

describe('verifyRequest failure reasons', () => {
  it('malformed_authorization when the header is absent or not HMAC key:signature', () => {
    const findSigner = vi.fn(deps.findSigner);
    for (const authorization of [
      undefined,
      '',
      'HMAC',
      'HMAC keyAAAA',
      'HMAC :AAAA',
      'HMAC kéy:AAAA',
      `HMAC ${'k'.repeat(10_240)}:AAAA`,
    ]) {
      expect(verifyRequest({ ...signed(), authorization }, { now: NOW, findSigner })).toEqual({
        ok: false,
        reason: 'malformed_authorization',
      });
    }
    expect(findSigner).not.toHaveBeenCalled();
  });

  it('missing_date when the Date header is absent or empty', () => {
    expect(verifyRequest({ ...signed(), date: undefined }, deps)).toEqual({
      ok: false,
      reason: 'missing_date',
      apiKey: API_KEY,
    });
    expect(verifyRequest(signed({ date: '' }), deps)).toMatchObject({ ok: false, reason: 'missing_date' });
  });

  it('invalid_date when the Date header is no HTTP-date, even if signed', () => {
    for (const date of ['2026-11-30T10:00:00Z', '1796032800', 'yesterday', 'Mon, 31 Nov 2026 10:00:00 GMT']) {
      expect(verifyRequest(signed({ date }), deps), date).toEqual({
        ok: false,
        reason: 'invalid_date',
        apiKey: API_KEY,
      });
    }
  });

  it('clock_skew beyond 15 minutes either side, inclusive boundary accepted', () => {
    const input = signed();
    expect(MAX_CLOCK_SKEW_MS).toBe(15 * 60 * 1000);
    expect(verifyRequest(input, { ...deps, now: NOW + MAX_CLOCK_SKEW_MS }).ok).toBe(true);
    expect(verifyRequest(input, { ...deps, now: NOW - MAX_CLOCK_SKEW_MS }).ok).toBe(true);
    expect(verifyRequest(input, { ...deps, now: NOW + MAX_CLOCK_SKEW_MS + 1 })).toEqual({
      ok: false,
      reason: 'clock_skew',
      apiKey: API_KEY,
    });
    expect(verifyRequest(input, { ...deps, now: NOW - MAX_CLOCK_SKEW_MS - 1 })).toMatchObject({
      reason: 'clock_skew',
    });
  });

  it('clock_skew honours a numeric zone: the same wall clock in another zone is hours away', () => {
    const input = signed({ date: 'Mon, 30 Nov 2026 10:00:00 +0200' });
    expect(verifyRequest(input, deps)).toMatchObject({ reason: 'clock_skew' });
    expect(verifyRequest(input, { ...deps, now: NOW - 2 * 3600_000 }).ok).toBe(true);
  });

  it('unknown_key when no signer exists for the key', () => {
    expect(verifyRequest(signed({ apiKey: 'nobody' }), deps)).toEqual({
      ok: false,
      reason: 'unknown_key',
      apiKey: 'nobody',
    });
  });

  it('bad_signature for a tampered body, path, method, content type or date text', () => {
    const good = signed();
    const tampered: SignedRequestInput[] = [
      { ...good, rawBody: Buffer.from('{"price_amount":"99","price_currency":"EUR","pay_currency":"BTC"}') },
      { ...good, rawBody: undefined },
      { ...good, path: '/api/invoices?x=1' },
      { ...good, method: 'PUT' },
      { ...good, contentType: 'application/json; charset=utf-8' },
      { ...good, contentType: undefined },
      // Same instant, different text: the Date is signed as received.
      { ...good, date: 'Mon, 30 Nov 2026 10:00:00 +0000' },
    ];
    for (const input of tampered) {
      const result = verifyRequest(input, deps);
      expect(result).toMatchObject({ ok: false, reason: 'bad_signature', apiKey: API_KEY });
    }
  });

  it('bad_signature, not a crash, for a well-formed signature of the wrong length', () => {
    const input = { ...signed(), authorization: `HMAC ${API_KEY}:AAAA` };
    expect(verifyRequest(input, deps)).toEqual({
      ok: false,
      reason: 'bad_signature',
      apiKey: API_KEY,
      stringToSign: referenceStringToSign({
        apiKey: API_KEY,
        secret: SECRET,
        method: 'POST',
        path: '/api/invoices',
        body: signed().rawBody!.toString(),
        contentType: 'application/json',
        date: DATE,
      }),
    });
  });

  it('checks in the documented order', () => {
    const findSigner = vi.fn((): RequestSigner | undefined => undefined);
    const check = (input: SignedRequestInput): VerifyResult => verifyRequest(input, { now: NOW, findSigner });
    expect(check({ ...signed(), authorization: 'junk', date: undefined })).toMatchObject({
      reason: 'malformed_authorization',
    });
    expect(check({ ...signed(), date: undefined })).toMatchObject({ reason: 'missing_date' });
    expect(check(signed({ date: 'garbage' }))).toMatchObject({ reason: 'invalid_date' });
    expect(check(signed({ date: 'Mon, 30 Nov 2026 11:00:00 GMT' }))).toMatchObject({ reason: 'clock_skew' });
    // The key is only looked up for well-formed, fresh requests.
    expect(findSigner).not.toHaveBeenCalled();
    expect(check(signed())).toMatchObject({ reason: 'unknown_key' });
    expect(findSigner).toHaveBeenCalledTimes(1);
  });
});

describe('Date forms and the StringToSign', () => {
  const forms = [
    'Mon, 30 Nov 2026 10:12:37 GMT',
    'Mon, 30 Nov 2026 10:12:38 +0000',
    'Mon, 30 Nov 2026 11:12:38 +0100',
    'Mon, 30 Nov 2026 08:42:38 -0130',
    'Mon, 2 Nov 2026 10:00:00 GMT',
    'Monday, 30-Nov-26 10:00:00 GMT',
    'Mon Nov 30 10:00:00 2026',
    'Mon Nov  2 10:00:00 2026',
  ];
  for (const date of forms) {
    it(`accepts ${JSON.stringify(date)} signed as received, and nothing but as received`, () => {
      const now = Date.parse(date.replace('Monday, 30-Nov-26', 'Mon, 30 Nov 2026'));
      expect(Number.isNaN(now)).toBe(false);
      expect(verifyRequest(signed({ date }), { ...deps, now })).toEqual({ ok: true, apiKey: API_KEY });

      // Signed over the IMF-fixdate rendering of the same instant but sent in this form: mismatch,
      // and the server's StringToSign carries the header byte for byte.
      const imf = new Date(now).toUTCString();
      if (imf === date) return;
      const resigned = { ...signed({ date: imf }), date };
      const result = verifyRequest(resigned, { ...deps, now });
      expect(result).toMatchObject({ ok: false, reason: 'bad_signature' });
      expect(
        result.ok === false && result.reason === 'bad_signature' && result.stringToSign.split('\n')[3],
      ).toBe(date);
    });
  }
});

describe('percent-encoded paths', () => {
  const encoded = '/api/invoices/custom_id/order%201%2F2';

  it('verify when signed exactly as sent', () => {
    const input = signed({ method: 'GET', body: undefined, path: encoded });
    expect(verifyRequest(input, deps)).toEqual({ ok: true, apiKey: API_KEY });
  });

  it('fail with bad_signature when signed over the decoded path, and the StringToSign shows the encoded one', () => {
    const overDecoded = signed({ method: 'GET', body: undefined, path: decodeURIComponent(encoded) });
    const result = verifyRequest({ ...overDecoded, path: encoded }, deps);
    expect(result).toEqual({
      ok: false,
      reason: 'bad_signature',
      apiKey: API_KEY,
      stringToSign: `GET\n\napplication/json\n${DATE}\n${encoded}`,
    });
  });
});

describe('method and body handling', () => {
  it('upper-cases the method before signing', () => {
    expect(verifyRequest({ ...signed({ method: 'POST' }), method: 'post' }, deps).ok).toBe(true);
  });

  it('uses an empty BodyMD5 for an empty body, so GET with or without a zero-length buffer verifies', () => {
    const get = signed({ method: 'GET', body: undefined });
    expect(verifyRequest(get, deps).ok).toBe(true);
    expect(verifyRequest({ ...get, rawBody: Buffer.alloc(0) }, deps).ok).toBe(true);
  });

  it('hashes the raw bytes: an equivalent JSON re-serialisation fails', () => {
    const input = signed({ body: '{"url":"https:\\/\\/x.example"}' });
    expect(verifyRequest(input, deps).ok).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(input.rawBody!.toString())));
    expect(verifyRequest({ ...input, rawBody: reserialised }, deps)).toMatchObject({
      reason: 'bad_signature',
    });
  });
});

describe('two-step use with an asynchronous key lookup', () => {
  it('parseSignedRequest hands back key and signature; checkSignedRequest finishes the job', async () => {
    const input = signed();
    const parsed = parseSignedRequest(input, NOW);
    expect(parsed).toEqual({ ok: true, apiKey: API_KEY, signature: input.authorization!.split(':')[1] });
    if (!parsed.ok) throw new Error('unreachable');
    const signer = await Promise.resolve(signers.get(parsed.apiKey));
    expect(checkSignedRequest(input, parsed, signer)).toEqual({ ok: true, apiKey: API_KEY });
    expect(checkSignedRequest(input, parsed, undefined)).toMatchObject({ reason: 'unknown_key' });
  });

  it('verifyRequestAsync accepts async and sync lookups alike', async () => {
    const input = signed();
    await expect(
      verifyRequestAsync(input, { now: NOW, findSigner: async (k) => signers.get(k) }),
    ).resolves.toEqual({
      ok: true,
      apiKey: API_KEY,
    });
    await expect(verifyRequestAsync(input, deps)).resolves.toEqual({ ok: true, apiKey: API_KEY });
    await expect(verifyRequestAsync(signed({ secret: 'wrong' }), deps)).resolves.toMatchObject({
      reason: 'bad_signature',
    });
  });
});
