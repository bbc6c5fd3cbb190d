import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Headers Signet's gateway mode adds to every request it forwards to an upstream, by field name.
 * Values are the lower-case names, which is how Node's `req.headers` and fetch's `Headers` present
 * them. Signet strips any incoming header with one of these names before adding its own.
 */
export const GATEWAY_HEADERS = {
  accountId: 'x-signet-account-id',
  keyId: 'x-signet-key-id',
  /** Percent-encoded UTF-8 (as encodeURIComponent): header values cannot carry arbitrary text. */
  keyName: 'x-signet-key-name',
  /** Granted permission ids, sorted ascending, comma-separated, no spaces. */
  permissions: 'x-signet-permissions',
  requestId: 'x-request-id',
  clientIp: 'x-signet-client-ip',
  /** Unix seconds, decimal integer. */
  timestamp: 'x-signet-timestamp',
  /** `v1=` + lower-case hex HMAC-SHA256(gateway secret, string-to-sign). */
  signature: 'x-signet-signature',
} as const;

export type GatewayHeaderName = (typeof GATEWAY_HEADERS)[keyof typeof GATEWAY_HEADERS];

/** Upstreams should refuse a timestamp further than this from their own clock, either way. */
const DEFAULT_TOLERANCE_SECONDS = 300;

const STRING_TO_SIGN_PREFIX = 'signet-gateway-v1';
// The version prefix lets a future scheme coexist; the hex is lower case by contract, and accepting
// only one spelling keeps the check a plain byte comparison.
const SIGNATURE_FORMAT = /^v1=[0-9a-f]{64}$/;
// At most 15 digits keeps the value a safe integer, so parsing it loses nothing.
const TIMESTAMP_FORMAT = /^[0-9]{1,15}$/;

/** The values exactly as they travel in the headers (key name still percent-encoded). */
export interface GatewayStringToSignParts {
  /** Unix seconds: the X-Signet-Timestamp value. */
  timestamp: number | string;
  method: string;
  /** Path plus `?query` if any, as the upstream receives it (Node's `req.url` on the upstream). */
  url: string;
  requestId: string;
  clientIp: string;
  /** '' when no key was presented (the header is then absent). */
  accountId: string;
  keyId: string;
  /** The X-Signet-Key-Name value as sent, i.e. still percent-encoded. */
  keyName: string;
  /** The X-Signet-Permissions value as sent (comma-separated). */
  permissions: string;
}

export function gatewayStringToSign(parts: GatewayStringToSignParts): string {
  return [
    STRING_TO_SIGN_PREFIX,
    String(parts.timestamp),
    parts.method.toUpperCase(),
    parts.url,
    parts.requestId,
    parts.clientIp,
    parts.accountId,
    parts.keyId,
    parts.keyName,
    parts.permissions,
  ].join('\n');
}

/** Who made the request, as Signet authenticated it. */
export interface GatewayIdentity {
  /** null (as are keyId and keyName) on a `public` route when no key was presented. */
  accountId: string | null;
  keyId: string | null;
  /** Decoded from the header's percent-encoding. */
  keyName: string | null;
  /** The key's granted permission ids; [] when no key was presented. */
  permissions: string[];
  requestId: string;
  clientIp: string;
  /** Unix seconds at which Signet forwarded the request. */
  timestamp: number;
}

/** What signGatewayRequest needs to know about the request; the key fields are omitted or null without a key. */
export interface GatewaySigningIdentity {
  accountId?: string | null;
  keyId?: string | null;
  /** Plain text: it is percent-encoded here exactly as it must be in X-Signet-Key-Name. */
  keyName?: string | null;
  /** Any order: they are signed sorted ascending, the order X-Signet-Permissions must carry. */
  permissions?: readonly string[];
  requestId: string;
  clientIp: string;
}

export interface SignGatewayRequestInput {
  secret: string;
  /** Unix seconds, the same integer that is sent as X-Signet-Timestamp. */
  timestamp: number;
  method: string;
  /** Path plus `?query` if any, exactly as it will be sent to the upstream. */
  url: string;
  identity: GatewaySigningIdentity;
}

/**
 * Returns the X-Signet-Signature value (`v1=<hex>`). The header values that go with it are
 * `encodeURIComponent(keyName)` and `[...permissions].sort().join(',')`: that is what is signed.
 * Throws on a programming error (empty secret, non-integer timestamp, a line break in a field),
 * since signing such input would produce a signature no verifier can reproduce, or an ambiguous one.
 */
export function signGatewayRequest(input: SignGatewayRequestInput): string {
  const { secret, timestamp, method, url, identity } = input;
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError('signGatewayRequest: secret must be a non-empty string');
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new TypeError('signGatewayRequest: timestamp must be a non-negative integer (unix seconds)');
  }
  const permissions = [...(identity.permissions ?? [])].sort();
  const parts: GatewayStringToSignParts = {
    timestamp,
    method,
    url,
    requestId: identity.requestId,
    clientIp: identity.clientIp,
    accountId: identity.accountId ?? '',
    keyId: identity.keyId ?? '',
    keyName: identity.keyName == null ? '' : encodeURIComponent(identity.keyName),
    permissions: permissions.join(','),
  };
  // Lines are the field separator: a line break inside a field would let two different requests
  // share one string-to-sign. (Header values cannot carry one anyway, so this is a bug upstream.)
  for (const [field, value] of Object.entries(parts)) {
    if (/[\r\n]/.test(String(value))) {
      throw new TypeError(`signGatewayRequest: ${field} must not contain a line break`);
    }
  }
  // A comma inside an id would change how the verifier splits the list.
  if (permissions.some((id) => id.includes(','))) {
    throw new TypeError('signGatewayRequest: a permission id must not contain a comma');
  }
  return `v1=${createHmac('sha256', secret).update(gatewayStringToSign(parts), 'utf8').digest('hex')}`;
}

export type GatewayVerifyFailureReason =
  'missing_signature' | 'malformed_signature' | 'repeated_header' | 'stale_timestamp' | 'bad_signature';

export type VerifyGatewayResult =
  { ok: true; identity: GatewayIdentity } | { ok: false; reason: GatewayVerifyFailureReason };

/** Node's IncomingHttpHeaders (lower-case keys), or anything with fetch's `Headers.get`. */
export type GatewayHeadersInput =
  Readonly<Record<string, string | readonly string[] | undefined>> | { get(name: string): string | null };

export interface VerifyGatewayRequestInput {
  /** `req.method`. */
  method: string | undefined;
  /**
   * The request target as received: Node's `req.url`, Fastify's `request.url`, Express's
   * `req.originalUrl` (Express rewrites `req.url` inside mounted routers).
   */
  url: string | undefined;
  headers: GatewayHeadersInput;
  /** The gateway secret; during a rotation pass old and new, and any match is accepted. */
  secret: string | readonly string[];
  /** Date or milliseconds since the epoch; defaults to Date.now(). */
  now?: Date | number;
  /** Maximum distance, either way, between X-Signet-Timestamp and now; defaults to 300. */
  toleranceSeconds?: number;
}

type HeaderValue = { kind: 'absent' } | { kind: 'value'; value: string } | { kind: 'repeated' };

function readHeader(headers: GatewayHeadersInput, name: GatewayHeaderName): HeaderValue {
  // typeof check, not `instanceof Headers`: works for any fetch implementation's Headers, and a
  // request header literally named "get" shows up in a Node headers object as a string, not a function.
  const raw =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(name: string): unknown }).get(name)
      : (headers as Record<string, unknown>)[name];
  if (raw === undefined || raw === null) return { kind: 'absent' };
  if (Array.isArray(raw)) return { kind: 'repeated' };
  if (typeof raw !== 'string') return { kind: 'absent' };
  return { kind: 'value', value: raw };
}

function secretList(secret: string | readonly string[]): readonly string[] {
  const list = typeof secret === 'string' ? [secret] : secret;
  // A missing or empty secret is a configuration mistake, not bad request input: an empty HMAC key
  // would make every signature forgeable, so refuse loudly rather than answer bad_signature forever.
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((item) => typeof item === 'string' && item.length > 0)
  ) {
    throw new TypeError('verifyGatewayRequest: secret must be a non-empty string or non-empty array of them');
  }
  return list;
}

function nowMilliseconds(now: Date | number | undefined): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
  // NaN would make every distance comparison false, i.e. accept any timestamp.
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new TypeError('verifyGatewayRequest: now must be a valid Date or a finite number of milliseconds');
  }
  return ms;
}

/**
 * Checks that a request really comes from Signet's gateway, recently, for this method and target,
 * and returns the identity Signet attached. Never throws on anything the request can carry (missing,
 * repeated or garbled headers); throws a TypeError only for a bad `secret`, `now` or `toleranceSeconds`.
 * The body is not covered: Signet checked the client's signature over it, and this must work after a
 * body parser has run.
 */
export function verifyGatewayRequest(input: VerifyGatewayRequestInput): VerifyGatewayResult {
  const secrets = secretList(input.secret);
  const nowSeconds = Math.floor(nowMilliseconds(input.now) / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new TypeError('verifyGatewayRequest: toleranceSeconds must be a finite number >= 0');
  }

  // No headers object at all reads as no headers, hence missing_signature.
  const headers: GatewayHeadersInput =
    typeof input.headers === 'object' && input.headers !== null ? input.headers : {};
  let values: Record<keyof typeof GATEWAY_HEADERS, string | undefined>;
  try {
    const read = Object.fromEntries(
      Object.entries(GATEWAY_HEADERS).map(([field, name]) => [field, readHeader(headers, name)]),
    ) as Record<keyof typeof GATEWAY_HEADERS, HeaderValue>;
    // An array means the header came more than once: which copy Signet set is unknowable.
    if (Object.values(read).some((value) => value.kind === 'repeated')) {
      return { ok: false, reason: 'repeated_header' };
    }
    values = Object.fromEntries(
      Object.entries(read).map(([field, value]) => [field, value.kind === 'value' ? value.value : undefined]),
    ) as typeof values;
  } catch {
    // A headers object whose accessor throws (a hostile or broken adapter) is unreadable input.
    return { ok: false, reason: 'malformed_signature' };
  }

  const { signature, timestamp } = values;
  if (signature === undefined || signature === '') return { ok: false, reason: 'missing_signature' };
  // Node and fetch join a repeated header's values with ", "; neither value legitimately holds a comma.
  if (signature.includes(',') || timestamp?.includes(',')) return { ok: false, reason: 'repeated_header' };
  if (!SIGNATURE_FORMAT.test(signature) || timestamp === undefined || !TIMESTAMP_FORMAT.test(timestamp)) {
    return { ok: false, reason: 'malformed_signature' };
  }
  const timestampSeconds = Number(timestamp);
  // Either direction: a timestamp from the future is as suspect as an old one (replay, or a clock off).
  if (Math.abs(nowSeconds - timestampSeconds) > tolerance) return { ok: false, reason: 'stale_timestamp' };

  // Signed over the header values as received, never re-encoded ones, so that the verifier cannot
  // disagree with Signet about how to spell a key name or order permissions.
  const toSign = gatewayStringToSign({
    timestamp,
    method: typeof input.method === 'string' ? input.method : '',
    url: typeof input.url === 'string' ? input.url : '',
    requestId: values.requestId ?? '',
    clientIp: values.clientIp ?? '',
    accountId: values.accountId ?? '',
    keyId: values.keyId ?? '',
    keyName: values.keyName ?? '',
    permissions: values.permissions ?? '',
  });
  const received = Buffer.from(signature.slice('v1='.length), 'hex');
  let matched = false;
  // Every secret is tried (no early exit), so the time taken does not tell which one matched.
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(toSign, 'utf8').digest();
    if (expected.length === received.length && timingSafeEqual(expected, received)) matched = true;
  }
  if (!matched) return { ok: false, reason: 'bad_signature' };

  let keyName: string | null = null;
  if (values.keyName !== undefined && values.keyName !== '') {
    try {
      keyName = decodeURIComponent(values.keyName);
    } catch {
      return { ok: false, reason: 'malformed_signature' };
    }
  }
  // An absent and an empty header sign identically, so both read as "no value".
  return {
    ok: true,
    identity: {
      accountId: values.accountId || null,
      keyId: values.keyId || null,
      keyName,
      permissions: values.permissions ? values.permissions.split(',') : [],
      requestId: values.requestId ?? '',
      clientIp: values.clientIp ?? '',
      timestamp: timestampSeconds,
    },
  };
}
