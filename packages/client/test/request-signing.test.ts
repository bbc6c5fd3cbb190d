import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import vectors from './fixtures/signatures.json' with { type: 'json' };
import { bodyMd5, signRequest, stringToSign } from '../src/index.js';

describe('request vectors', () => {
  it('holds at least one vector (guards against an empty fixture)', () => {
    expect(vectors.requests.length).toBeGreaterThanOrEqual(4);
  });

  for (const vector of vectors.requests) {
    describe(vector.name, () => {
      it('reproduces body_md5', () => {
        expect(bodyMd5(vector.body)).toBe(vector.body_md5);
      });

      it('reproduces string_to_sign', () => {
        const built = stringToSign({
          method: vector.method,
          bodyMd5: vector.body_md5,
          contentType: vector.content_type,
          date: vector.date,
          path: vector.path,
        });
        expect(built).toBe(vector.string_to_sign);
      });

      it('reproduces the Authorization header and returns the other headers as signed', () => {
        const signed = signRequest({
          apiKey: vector.api_key,
          apiSecret: vector.api_secret,
          method: vector.method,
          path: vector.path,
          body: vector.body,
          contentType: vector.content_type,
          date: vector.date,
        });
        expect(signed.headers).toEqual({
          Authorization: vector.authorization,
          Date: vector.date,
          'Content-Type': vector.content_type,
        });
        expect(signed.stringToSign).toBe(vector.string_to_sign);
      });

      it('gives the same signature for the body as UTF-8 bytes', () => {
        const signed = signRequest({
          apiKey: vector.api_key,
          apiSecret: vector.api_secret,
          method: vector.method,
          path: vector.path,
          body: new TextEncoder().encode(vector.body),
          contentType: vector.content_type,
          date: vector.date,
        });
        expect(signed.headers.Authorization).toBe(vector.authorization);
      });
    });
  }
});

describe('bodyMd5', () => {
  it('is the empty string for an absent or empty body, not the MD5 of ""', () => {
    expect(bodyMd5(undefined)).toBe('');
    expect(bodyMd5('')).toBe('');
    expect(bodyMd5(new Uint8Array(0))).toBe('');
  });

  it('hashes raw bytes, so a re-serialised equivalent JSON hashes differently', () => {
    expect(bodyMd5('{"a":"1/2"}')).not.toBe(bodyMd5('{"a":"1\\/2"}'));
    expect(bodyMd5('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });
});

describe('signRequest defaults', () => {
  it('defaults Content-Type to application/json and Date to an IMF-fixdate of now', () => {
    const before = Date.now();
    const signed = signRequest({ apiKey: 'k', apiSecret: 's', method: 'GET', path: '/api/coins' });
    expect(signed.headers['Content-Type']).toBe('application/json');
    expect(signed.headers.Date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Math.abs(Date.parse(signed.headers.Date) - before)).toBeLessThan(2000);
    expect(signed.stringToSign).toBe(`GET\n\napplication/json\n${signed.headers.Date}\n/api/coins`);
  });

  it('upper-cases the method and signs with HMAC-SHA1 over the UTF-8 StringToSign', () => {
    const date = 'Mon, 30 Nov 2026 10:00:00 GMT';
    const signed = signRequest({
      apiKey: 'key',
      apiSecret: 'sécret',
      method: 'post',
      path: '/api/x',
      body: 'é',
      date,
    });
    const expectedSts = `POST\n${bodyMd5('é')}\napplication/json\n${date}\n/api/x`;
    expect(signed.stringToSign).toBe(expectedSts);
    const expected = createHmac('sha1', 'sécret').update(expectedSts, 'utf8').digest('base64');
    expect(signed.headers.Authorization).toBe(`HMAC key:${expected}`);
  });

  it('keeps an empty Content-Type when asked for one', () => {
    const signed = signRequest({
      apiKey: 'k',
      apiSecret: 's',
      method: 'GET',
      path: '/',
      contentType: '',
      date: 'd',
    });
    expect(signed.stringToSign).toBe('GET\n\n\nd\n/');
  });
});
