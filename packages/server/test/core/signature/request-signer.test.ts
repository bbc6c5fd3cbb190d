import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import vectors from '../../../../client/test/fixtures/signatures.json' with { type: 'json' };
import { createRequestSigner } from '../../../src/core/signature/request-signer.js';

function randomText(length: number): string {
  // Mix ASCII, 2-, 3- and 4-byte UTF-8 characters.
  const alphabet = ['a', 'Z', '0', '\n', ' ', 'é', 'Ø', '€', '中', '😀'];
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(Math.random() * alphabet.length)];
  return text;
}

describe('createRequestSigner', () => {
  it('reproduces every request vector', () => {
    for (const vector of vectors.requests) {
      const signature = createRequestSigner(vector.api_secret).sign(vector.string_to_sign).toString('base64');
      expect(`HMAC ${vector.api_key}:${signature}`).toBe(vector.authorization);
    }
  });

  it('matches createHmac("sha1") for byte keys of 0, 1, 63, 64, 65, 200 bytes and random UTF-8 messages', () => {
    for (const keyLength of [0, 1, 20, 63, 64, 65, 128, 200]) {
      for (let round = 0; round < 25; round++) {
        const key = randomBytes(keyLength);
        const signer = createRequestSigner(key);
        for (const messageLength of [0, 1, 55, 56, 64, 65, 300, Math.floor(Math.random() * 2000)]) {
          const message = randomText(messageLength);
          expect(signer.sign(message).equals(createHmac('sha1', key).update(message, 'utf8').digest())).toBe(
            true,
          );
        }
      }
    }
  });

  it('treats a string secret as its UTF-8 bytes, including multi-byte and > 64-byte secrets', () => {
    for (const secret of [
      '',
      's',
      'sécret-ключ-秘密-🔑',
      randomText(40),
      randomText(100),
      'x'.repeat(64),
      'x'.repeat(65),
    ]) {
      const message = randomText(120);
      expect(createRequestSigner(secret).sign(message)).toEqual(
        createHmac('sha1', secret).update(message, 'utf8').digest(),
      );
    }
  });

  it('returns a raw 20-byte digest and gives the same answer on every call', () => {
    const signer = createRequestSigner('secret');
    const first = signer.sign('message');
    expect(first).toHaveLength(20);
    signer.sign('something else');
    expect(signer.sign('message')).toEqual(first);
  });

  it('leaves the caller’s key buffer untouched', () => {
    const key = Buffer.from('0123456789abcdef');
    createRequestSigner(key);
    expect(key.toString()).toBe('0123456789abcdef');
  });
});
