export interface ParsedAuthorization {
  apiKey: string;
  /** Base64 text exactly as received; never decoded. */
  signature: string;
}

// Generous for `HMAC ` + key + `:` + 28 base64 characters; anything longer is not a real client.
export const MAX_AUTHORIZATION_LENGTH = 512;

// Key: visible ASCII without ':' (so the split is unambiguous) and without spaces.
// Signature: standard base64 alphabet with optional padding.
const AUTHORIZATION = /^HMAC ([\x21-\x39\x3b-\x7e]+):([A-Za-z0-9+/]+={0,2})$/;

/** Parses `HMAC <api_key>:<signature>`; null for anything else. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (header === undefined || header.length > MAX_AUTHORIZATION_LENGTH) return null;
  const m = AUTHORIZATION.exec(header);
  return m ? { apiKey: m[1]!, signature: m[2]! } : null;
}
