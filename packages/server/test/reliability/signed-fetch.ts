import { signRequest } from '@signet/client';

export interface KeyPair {
  api_key: string;
  api_secret: string;
}

export interface FetchResult {
  status: number;
  /** The parsed body (undefined when empty or not JSON). */
  json: ReturnType<typeof JSON.parse>;
  text: string;
  ms: number;
}

/**
 * A merchant request over real HTTP, signed by the client package exactly as an SDK would sign it.
 * `timeoutMs` bounds every call: a request that does not answer in time throws (a hang is a failure).
 */
export async function signedFetch(
  baseUrl: string,
  key: KeyPair,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<FetchResult> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const { headers } = signRequest({
    apiKey: key.api_key,
    apiSecret: key.api_secret,
    method,
    path,
    body: payload,
  });
  const started = Date.now();
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: payload,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json: ReturnType<typeof JSON.parse>;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, ms: Date.now() - started };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const INVOICE = { price_amount: '10.00', price_currency: 'EUR', pay_currency: 'BTC' };
