import { createHash, createHmac } from 'node:crypto';

export interface StringToSignParts {
  method: string;
  /** Lower-case hex MD5 of the raw body, or '' when there is no body. */
  bodyMd5: string;
  /** The Content-Type header value as sent ('' when the header is absent). */
  contentType: string;
  /** The Date header value as sent. */
  date: string;
  /** Everything after the host, query string included, exactly as sent. */
  path: string;
}

export function stringToSign(parts: StringToSignParts): string {
  return `${parts.method.toUpperCase()}\n${parts.bodyMd5}\n${parts.contentType}\n${parts.date}\n${parts.path}`;
}

/**
 * The protocol uses '' (not the MD5 of '') when there is no body, so an empty body and an absent
 * body sign identically.
 */
export function bodyMd5(body: string | Uint8Array | undefined): string {
  if (body === undefined || body.length === 0) return '';
  return createHash('md5').update(body).digest('hex');
}

export interface SignRequestInput {
  apiKey: string;
  apiSecret: string;
  method: string;
  /** Path plus query string exactly as it will go on the wire (percent-encoding included). */
  path: string;
  /** The exact bytes that will be sent; strings are sent (and hashed) as UTF-8. */
  body?: string | Uint8Array;
  contentType?: string;
  date?: string;
}

// A type alias, not an interface, so that it is assignable to fetch's `Record<string, string>` headers.
export type SignedRequestHeaders = {
  Authorization: string;
  Date: string;
  'Content-Type': string;
};

export interface SignedRequest {
  headers: SignedRequestHeaders;
  /** What was signed; handy to compare against the server's StringToSign in a 401's details. */
  stringToSign: string;
}

export function signRequest(input: SignRequestInput): SignedRequest {
  const contentType = input.contentType ?? 'application/json';
  const date = input.date ?? new Date().toUTCString();
  const toSign = stringToSign({
    method: input.method,
    bodyMd5: bodyMd5(input.body),
    contentType,
    date,
    path: input.path,
  });
  const signature = createHmac('sha1', input.apiSecret).update(toSign, 'utf8').digest('base64');
  return {
    headers: { Authorization: `HMAC ${input.apiKey}:${signature}`, Date: date, 'Content-Type': contentType },
    stringToSign: toSign,
  };
}
