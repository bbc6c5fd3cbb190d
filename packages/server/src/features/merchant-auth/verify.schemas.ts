import net from 'node:net';
import { z } from 'zod';

/**
 * `POST /platform/v1/verify`: a platform that checks signed requests in its own process hands
 * over what it received, each value exactly as it came (never decoded, trimmed or re-ordered),
 * and learns what the gateway would have decided.
 */

// Node accepts header values and request targets up to its 16 KiB header limit; so does this.
const MAX_TEXT = 16 * 1024;
// What no HTTP header value or request target can hold: they would let one StringToSign pass for another.
const noLineBreak = (s: string) => !/[\r\n\0]/.test(s);
const headerValue = z
  .string()
  .max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)
  .refine(noLineBreak, 'must not contain CR, LF or NUL');

// Standard base64 with padding, as Buffer.from(…, 'base64') reads it back without loss.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const verifyRequestBody = z
  .object({
    /** The request's method (upper-cased into the StringToSign, as the gateway sees it). */
    method: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/, 'must be an HTTP method token'),
    /** The request target as received: path and query, not decoded or normalised. */
    path: z
      .string()
      .min(1, 'must not be empty')
      .max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)
      .refine(
        (v) => v === '' || ![...v].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f),
        'must not contain spaces or control characters',
      ),
    /** The Content-Type header as sent; absent when none was sent. */
    content_type: headerValue.optional(),
    /** The Date header as sent; absent when none was sent. */
    date: headerValue.optional(),
    /** The Authorization header as sent; absent when none was sent. */
    authorization: headerValue.optional(),
    /** MD5 of the body as hex (either case); '' or the MD5 of nothing is the empty body. */
    body_md5: z
      .string()
      .regex(/^(?:[0-9a-fA-F]{32})?$/, 'must be 32 hexadecimal digits')
      .optional(),
    /** The body's bytes in standard base64. Give this or body_md5, or neither for an empty body. */
    body_base64: z.string().regex(BASE64, 'must be standard base64 with padding').optional(),
    /** The address the request came from, for the key's IP whitelist. */
    client_ip: z
      .string()
      .max(64, 'must be at most 64 characters')
      .refine((s) => net.isIP(s) !== 0, 'must be an IPv4 or IPv6 address'),
    /** What the request needs: a permission id of the catalogue in force, or `public`. */
    permission: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  })
  .superRefine((body, check) => {
    if (body.body_md5 !== undefined && body.body_base64 !== undefined)
      check.addIssue({
        code: 'custom',
        path: ['body_base64'],
        message: 'give body_md5 or body_base64, not both',
      });
  });

/** Every reason the sandbox and the gateway refuse a request with (`details[0].reason`). */
export const verifyRefusalReasons = [
  'malformed_authorization',
  'missing_date',
  'invalid_date',
  'clock_skew',
  'unknown_key',
  'duplicate_header',
  'bad_signature',
  'ip_not_allowed',
  'account_not_active',
  'permission_denied',
] as const;

export const verifyAnswerValid = z.object({
  valid: z.literal(true),
  /** null only on a public permission called without Authorization: no key, nothing to check. */
  account_id: z.string().nullable(),
  key_id: z.string().nullable(),
  /** The key's permissions in the catalogue in force, sorted (as X-Signet-Permissions lists them). */
  permissions: z.array(z.string()),
});

export const verifyAnswerInvalid = z.object({
  valid: z.literal(false),
  reason: z.enum(verifyRefusalReasons),
  /** With `bad_signature`: the server's StringToSign, built only from what was sent. */
  string_to_sign: z.string().optional(),
});

/** Always a 200: `valid` says whether the gateway would have let the request through. */
export const verifyAnswer = z.discriminatedUnion('valid', [verifyAnswerValid, verifyAnswerInvalid]);

export const verifyTags = ['platform'];

export type VerifyRequestBody = z.output<typeof verifyRequestBody>;
export type VerifyAnswerValid = z.infer<typeof verifyAnswerValid>;
export type VerifyAnswerInvalid = z.infer<typeof verifyAnswerInvalid>;
export type VerifyAnswer = z.infer<typeof verifyAnswer>;
