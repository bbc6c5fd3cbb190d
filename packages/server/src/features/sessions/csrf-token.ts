import { createHmac } from 'node:crypto';

/**
 * A session's CSRF token: an HMAC keyed with the session's cookie value. Only the browser holding
 * the cookie can compute it (the database keeps the cookie's SHA-256 alone), and it needs no
 * storage. A page on another origin can send the cookie but cannot read it, so it cannot send this.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('signet csrf token v1').digest('base64url');
}
