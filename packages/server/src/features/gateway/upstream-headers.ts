import { createHmac, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GATEWAY_HEADERS, gatewayStringToSign, type GatewayStringToSignParts } from '@signet/client';

/**
 * Headers that describe one connection, not the request (RFC 9110 §7.6.1), plus `expect`, which
 * undici refuses; none of them is forwarded in either direction.
 */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
];

export interface Identity {
  accountId: string;
  keyId: string;
  keyName: string;
  permissions: ReadonlySet<string>;
}

export interface ForwardedRequest {
  method: string;
  /** The request target exactly as the upstream receives it (its `req.url`). */
  target: string;
  requestId: string;
  clientIp: string;
  /** Unix seconds. */
  timestamp: number;
  /** As the client addressed Signet: for X-Forwarded-Proto and X-Forwarded-Host. */
  protocol: string;
  host: string | undefined;
  /** Absent on a public route called without a key. */
  identity: Identity | undefined;
}

/** The header-value form of the identity, which is also what the signature covers. */
export function signedParts(forwarded: ForwardedRequest): GatewayStringToSignParts {
  const id = forwarded.identity;
  return {
    timestamp: forwarded.timestamp,
    method: forwarded.method,
    url: forwarded.target,
    requestId: forwarded.requestId,
    clientIp: forwarded.clientIp,
    accountId: id?.accountId ?? '',
    keyId: id?.keyId ?? '',
    // Header values are bytes; a key name is any text, so it travels percent-encoded.
    keyName: id ? encodeURIComponent(id.keyName) : '',
    permissions: id ? [...id.permissions].sort().join(',') : '',
  };
}

/** Set by Signet alone: a client's own would let it choose the address an upstream logs or trusts. */
const isForwardingHeader = (name: string) =>
  name.startsWith('x-signet-') ||
  name.startsWith('x-forwarded-') ||
  name === 'x-request-id' ||
  name === 'forwarded';

/**
 * The headers sent upstream: the client's, minus hop-by-hop headers, minus `Authorization`
 * (unless the API forwards it) and minus anything named like Signet's own headers or the
 * forwarding headers (so a client cannot forge an identity or an address), plus the identity, its
 * signature and X-Forwarded-For/-Proto/-Host as Signet saw the request. `headers` is reply-from's
 * copy, changed in place.
 */
export function upstreamHeaders(
  headers: IncomingHttpHeaders,
  forwarded: ForwardedRequest,
  options: { secret: KeyObject; forwardAuthorization: boolean; contentType: string | undefined },
): IncomingHttpHeaders {
  for (const name of Object.keys(headers)) if (isForwardingHeader(name)) delete headers[name];
  for (const name of HOP_BY_HOP) delete headers[name];
  if (!options.forwardAuthorization) delete headers.authorization;
  // reply-from sets a body's Content-Type itself; the client's header is forwarded as sent, or not at all.
  if (options.contentType === undefined) delete headers['content-type'];
  else headers['content-type'] = options.contentType;

  const parts = signedParts(forwarded);
  if (forwarded.identity) {
    headers[GATEWAY_HEADERS.accountId] = parts.accountId;
    headers[GATEWAY_HEADERS.keyId] = parts.keyId;
    headers[GATEWAY_HEADERS.keyName] = parts.keyName;
    headers[GATEWAY_HEADERS.permissions] = parts.permissions;
  }
  headers['x-forwarded-for'] = forwarded.clientIp;
  headers['x-forwarded-proto'] = forwarded.protocol;
  if (forwarded.host !== undefined) headers['x-forwarded-host'] = forwarded.host;
  headers[GATEWAY_HEADERS.requestId] = parts.requestId;
  headers[GATEWAY_HEADERS.clientIp] = parts.clientIp;
  headers[GATEWAY_HEADERS.timestamp] = String(parts.timestamp);
  headers[GATEWAY_HEADERS.signature] =
    'v1=' + createHmac('sha256', options.secret).update(gatewayStringToSign(parts)).digest('hex');
  return headers;
}

/** The upstream's response headers, minus hop-by-hop ones (Signet's own connection is its own). */
export function downstreamHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  for (const name of HOP_BY_HOP) delete headers[name];
  return headers;
}
