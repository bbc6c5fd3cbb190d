import { describe, expect, it } from 'vitest';
import vectors from '../../../../client/test/fixtures/signatures.json' with { type: 'json' };
import {
  MAX_AUTHORIZATION_LENGTH,
  parseAuthorization,
} from '../../../src/core/signature/authorization-header.js';

describe('parseAuthorization', () => {
  it('splits every vector header into key and signature text', () => {
    for (const vector of vectors.requests) {
      const [, signature] = vector.authorization.split(':');
      expect(parseAuthorization(vector.authorization)).toEqual({ apiKey: vector.api_key, signature });
    }
  });

  it('accepts keys made of any visible ASCII but the colon', () => {
    expect(parseAuthorization('HMAC a-b_c.d~!:AAAA')).toEqual({ apiKey: 'a-b_c.d~!', signature: 'AAAA' });
  });

  it('accepts a header of exactly the maximum length and rejects one byte more', () => {
    const fits = `HMAC ${'k'.repeat(MAX_AUTHORIZATION_LENGTH - 'HMAC :AAAA'.length)}:AAAA`;
    expect(fits).toHaveLength(MAX_AUTHORIZATION_LENGTH);
    expect(parseAuthorization(fits)).not.toBeNull();
    expect(parseAuthorization(fits.replace('HMAC k', 'HMAC kk'))).toBeNull();
  });

  const malformed: Array<[string, string | undefined]> = [
    ['absent', undefined],
    ['empty', ''],
    ['scheme only', 'HMAC'],
    ['scheme and space', 'HMAC '],
    ['no colon', 'HMAC keyAAAA'],
    ['empty key', 'HMAC :AAAA'],
    ['empty signature', 'HMAC key:'],
    ['lower-case scheme', 'hmac key:AAAA'],
    ['other scheme', 'Bearer key:AAAA'],
    ['two spaces after the scheme', 'HMAC  key:AAAA'],
    ['space inside the key', 'HMAC my key:AAAA'],
    ['space before the colon', 'HMAC key :AAAA'],
    ['space after the colon', 'HMAC key: AAAA'],
    ['extra colon', 'HMAC key:AAAA:BBBB'],
    ['colon in the key position', 'HMAC k:ey:AAAA'],
    ['trailing space', 'HMAC key:AAAA '],
    ['trailing newline', 'HMAC key:AAAA\n'],
    ['non-ASCII key', 'HMAC kéy:AAAA'],
    ['non-ASCII signature', 'HMAC key:AAÅA'],
    ['control character in the key', 'HMAC k\u0000ey:AAAA'],
    ['non-base64 signature', 'HMAC key:AA-_'],
    ['padding in the middle', 'HMAC key:AA=A'],
    ['10 KB value', `HMAC ${'k'.repeat(10_240)}:AAAA`],
  ];
  for (const [label, header] of malformed) {
    it(`rejects: ${label}`, () => {
      expect(parseAuthorization(header)).toBeNull();
    });
  }
});
