import { describe, expect, it } from 'vitest';
import vectors from './fixtures/signatures.json' with { type: 'json' };
import { signCallback, verifyCallback } from '../src/index.js';

describe('callback vectors', () => {
  it('holds callback vectors', () => {
    expect(vectors.callbacks.length).toBeGreaterThanOrEqual(2);
  });

  for (const [index, vector] of vectors.callbacks.entries()) {
    it(`signs and verifies callback vector #${index}`, () => {
      expect(signCallback(vector.body, vector.secret)).toBe(vector.x_cryptopay_signature);
      expect(signCallback(Buffer.from(vector.body, 'utf8'), vector.secret)).toBe(
        vector.x_cryptopay_signature,
      );
      expect(verifyCallback(vector.body, vector.x_cryptopay_signature, vector.secret)).toBe(true);
      expect(
        verifyCallback(new TextEncoder().encode(vector.body), vector.x_cryptopay_signature, vector.secret),
      ).toBe(true);
    });
  }
});

describe('verifyCallback rejects', () => {
  const vector = vectors.callbacks[0]!;
  const { body, secret, x_cryptopay_signature: signature } = vector;

  it('a wrong secret', () => {
    expect(verifyCallback(body, signature, `${secret}x`)).toBe(false);
  });

  it('a tampered body (one byte changed, or re-serialised with different spacing)', () => {
    expect(verifyCallback(body.replace('completed', 'complete!'), signature, secret)).toBe(false);
    expect(verifyCallback(JSON.stringify(JSON.parse(body), null, 1), signature, secret)).toBe(false);
    expect(verifyCallback(`${body} `, signature, secret)).toBe(false);
  });

  it('the right signature in upper case', () => {
    expect(verifyCallback(body, signature.toUpperCase(), secret)).toBe(false);
  });

  it('a signature of the wrong length', () => {
    expect(verifyCallback(body, signature.slice(0, 63), secret)).toBe(false);
    expect(verifyCallback(body, `${signature}0`, secret)).toBe(false);
    expect(verifyCallback(body, signature.slice(0, 40), secret)).toBe(false);
  });

  it('a missing or empty signature', () => {
    expect(verifyCallback(body, undefined, secret)).toBe(false);
    expect(verifyCallback(body, null, secret)).toBe(false);
    expect(verifyCallback(body, '', secret)).toBe(false);
  });

  it('non-hex and padded signatures without throwing', () => {
    expect(verifyCallback(body, `${signature.slice(0, 63)}g`, secret)).toBe(false);
    expect(verifyCallback(body, ` ${signature.slice(1)}`, secret)).toBe(false);
    expect(verifyCallback(body, `${signature}\n`, secret)).toBe(false);
    expect(verifyCallback(body, ['a'] as unknown as string, secret)).toBe(false);
  });
});
