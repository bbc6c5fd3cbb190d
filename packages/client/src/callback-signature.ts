import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying hex(HMAC-SHA256(callback_secret, raw_body)). Node lower-cases incoming header names. */
export const CALLBACK_SIGNATURE_HEADER = 'X-Cryptopay-Signature';
/** Stable id of the event, unchanged between retries: de-duplicate on it. */
export const CALLBACK_EVENT_ID_HEADER = 'X-Signet-Event-Id';

// The protocol fixes lower-case hex; official verifiers reject upper case, so we do too.
const LOWER_HEX_SHA256 = /^[0-9a-f]{64}$/;

export function signCallback(rawBody: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/**
 * Checks a callback's signature against the raw body bytes as received (never a re-serialised
 * object). Returns false, never throws, for a missing or malformed signature.
 */
export function verifyCallback(
  rawBody: string | Uint8Array,
  signature: string | undefined | null,
  secret: string,
): boolean {
  if (typeof signature !== 'string' || !LOWER_HEX_SHA256.test(signature)) return false;
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const received = Buffer.from(signature, 'hex');
  return received.length === expected.length && timingSafeEqual(received, expected);
}
