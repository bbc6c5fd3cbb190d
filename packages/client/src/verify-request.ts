import { createHash } from 'node:crypto';
import type { SignetPlatform, VerifyAnswer, VerifyRequestBody } from './signet-platform.js';

/** The parts of an incoming request `/verify` needs; works with node:http, Express, Fastify, … */
export interface IncomingRequestLike {
  method: string;
  /** The request target exactly as received (path and query), e.g. node:http's `req.url`. */
  url: string;
  /** Header names in any case; an array value (a repeated header) is passed on joined. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body bytes as received; absent or empty for no body. */
  rawBody?: Uint8Array;
}

export interface VerifyIncomingOptions {
  /** What the request needs: a permission id, or `public`. */
  permission: string;
  /** The caller's address (behind a proxy: the address your proxy reports). */
  clientIp: string;
}

/** Builds the `/verify` body for an incoming request (body sent as its MD5, never the bytes). */
export function verifyBodyOf(req: IncomingRequestLike, options: VerifyIncomingOptions): VerifyRequestBody {
  const body: VerifyRequestBody = {
    method: req.method,
    path: req.url,
    client_ip: options.clientIp,
    permission: options.permission,
  };
  const contentType = header(req.headers, 'content-type');
  const date = header(req.headers, 'date');
  const authorization = header(req.headers, 'authorization');
  if (contentType !== undefined) body.content_type = contentType;
  if (date !== undefined) body.date = date;
  if (authorization !== undefined) body.authorization = authorization;
  if (req.rawBody && req.rawBody.byteLength > 0)
    body.body_md5 = createHash('md5').update(req.rawBody).digest('hex');
  return body;
}

/** Asks Signet whether an incoming signed request would pass its gateway. */
export function verifyIncomingRequest(
  platform: SignetPlatform,
  req: IncomingRequestLike,
  options: VerifyIncomingOptions,
): Promise<VerifyAnswer> {
  return platform.verify(verifyBodyOf(req, options));
}

function header(headers: IncomingRequestLike['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    // A repeated header is passed on as Node joins it; Signet refuses a duplicated Authorization/Date.
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return undefined;
}
