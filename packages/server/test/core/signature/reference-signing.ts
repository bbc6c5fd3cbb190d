import { createHash, createHmac } from 'node:crypto';

// An independent, deliberately naive implementation of PROTOCOL.md §1 for building test requests.
export interface ReferenceRequest {
  apiKey: string;
  secret: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  date: string;
}

export function referenceStringToSign(request: ReferenceRequest): string {
  const md5 = request.body ? createHash('md5').update(request.body, 'utf8').digest('hex') : '';
  return [request.method, md5, request.contentType ?? '', request.date, request.path].join('\n');
}

export function referenceAuthorization(request: ReferenceRequest): string {
  const signature = createHmac('sha1', request.secret)
    .update(referenceStringToSign(request), 'utf8')
    .digest('base64');
  return `HMAC ${request.apiKey}:${signature}`;
}
