import { createHash, createHmac } from 'node:crypto';
import { bodyMd5, stringToSign } from '@signet/client';
import { FEATURES } from '../../../src/features.js';
import { platformFeature } from '../../../src/features/platform/index.js';
import type { Feature } from '../../../src/platform/feature.js';
import type { TestApp } from '../../support/test-app.js';
import { platformRequest } from '../platform/platform-test-kit.js';

/** Every feature, with the platform API's guard (in case the composition root does not list it yet). */
export const featuresWithPlatform: readonly Feature[] = FEATURES.some((f) => f.name === 'platform')
  ? FEATURES
  : [...FEATURES, platformFeature];

export const md5Hex = (bytes: Uint8Array | string) => createHash('md5').update(bytes).digest('hex');

export interface ToSign {
  method: string;
  path: string;
  body?: Uint8Array;
  /** undefined: no Content-Type header, signed as ''. */
  contentType?: string;
  /** undefined: no Date header, signed as ''. */
  date?: string;
}

/** `HMAC <key>:<signature>` over the protocol's StringToSign, computed as the client package does. */
export function authorizationFor(key: { api_key: string; api_secret: string }, r: ToSign): string {
  const text = stringToSign({
    method: r.method,
    bodyMd5: bodyMd5(r.body),
    contentType: r.contentType ?? '',
    date: r.date ?? '',
    path: r.path,
  });
  return `HMAC ${key.api_key}:${createHmac('sha1', key.api_secret).update(text, 'utf8').digest('base64')}`;
}

/** `POST /platform/v1/verify` with `token`. */
export const verifyCall = (t: Pick<TestApp, 'app'>, token: string | null, body: unknown) =>
  platformRequest(t, token, 'POST', '/verify', body);
