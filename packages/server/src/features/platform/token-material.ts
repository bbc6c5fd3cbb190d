import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sgt_';
/** `sgt_` and 32 base64url characters (24 random bytes). */
export const newServiceToken = () => PREFIX + randomBytes(24).toString('base64url');

/** What is stored and looked up: the token's sha256, hex. */
export const hashServiceToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Anything that could be a token at all; the rest is refused without a look-up. */
export const isWellFormedServiceToken = (token: string) => /^sgt_[A-Za-z0-9_-]{32}$/.test(token);

/** Constant-time equality of two hex hashes (the look-up by hash found the row; this confirms it). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
