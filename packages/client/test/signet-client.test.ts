import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignetApiError, SignetClient, SignetNetworkError, SignetResponseError } from '../src/index.js';
import type { Invoice } from '../src/index.js';

const API_KEY = 'Lk3vQ8pZrT2nW6yB1cXeHg';
const API_SECRET = 'mN4bV7cX1zL0kJ9hG8fD6sA5pO3iU2yT';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Checked here with raw node:crypto, independently of the client's own signing code. */
  signatureValid: boolean;
}

type Handler = (received: Received, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let received: Received[] = [];
let handler: Handler = (_received, res) => json(res, 200, { data: {} });

function json(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(payload));
}

function independentlyVerify(req: IncomingMessage, body: Buffer): boolean {
  const md5 = body.length === 0 ? '' : createHash('md5').update(body).digest('hex');
  const sts = [req.method, md5, req.headers['content-type'] ?? '', req.headers.date ?? '', req.url].join(
    '\n',
  );
  const expected = createHmac('sha1', API_SECRET).update(sts, 'utf8').digest('base64');
  return req.headers.authorization === `HMAC ${API_KEY}:${expected}`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        signatureValid: independentlyVerify(req, body),
      };
      received.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

beforeEach(() => {
  received = [];
});

function client(overrides: Partial<ConstructorParameters<typeof SignetClient>[0]> = {}): SignetClient {
  return new SignetClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl, ...overrides });
}

const invoice = {
  id: 'inv_1',
  status: 'new',
  price_amount: '100',
  price_currency: 'EUR',
} as unknown as Invoice;

describe('SignetClient requests', () => {
  it('signs a GET with a query string over the exact path and query it sends', async () => {
    handler = (_r, res) => json(res, 200, { data: [invoice], meta: { has_more: true } });
    const page = await client().invoices.list({ starting_after: 'inv 0/1', limit: 5 });

    expect(page).toEqual({ data: [invoice], meta: { has_more: true } });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/api/invoices?starting_after=inv+0%2F1&limit=5');
    expect(request?.body.length).toBe(0);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.signatureValid).toBe(true);
  });

  it('signs a POST over the exact body bytes it sends', async () => {
    handler = (_r, res) => json(res, 201, { data: invoice });
    const params = { price_amount: '100', price_currency: 'EUR', pay_currency: 'BTC', name: 'Zoë' };
    const created = await client().invoices.create(params);

    expect(created).toEqual(invoice);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/invoices');
    expect(request?.body.toString('utf8')).toBe(JSON.stringify(params));
    expect(request?.signatureValid).toBe(true);
  });

  it('percent-encodes path segments and signs the encoded path', async () => {
    handler = (_r, res) => json(res, 200, { data: invoice });
    await client().invoices.retrieveByCustomId('order 1/2');
    expect(received[0]?.url).toBe('/api/invoices/custom_id/order%201%2F2');
    expect(received[0]?.signatureValid).toBe(true);
  });

  it('keeps and signs a path prefix of the base URL', async () => {
    handler = (_r, res) => json(res, 200, { data: [], meta: {} });
    await client({ baseUrl: `${baseUrl}/signet/` }).coins.list();
    expect(received[0]?.url).toBe('/signet/api/coins');
    expect(received[0]?.signatureValid).toBe(true);
  });

  it('calls every documented endpoint on its documented path', async () => {
    handler = (r, res) =>
      r.url.startsWith('/api/rates') ? json(res, 200, { data: {} }) : json(res, 200, { data: [], meta: {} });
    const c = client();
    await c.invoices.retrieve('inv_1');
    await c.accounts.list();
    await c.accounts.transactions('acc_1', { limit: 2 });
    await c.coins.list();
    await c.rates.all();
    await c.rates.retrieve('BTC', 'EUR');
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/invoices/inv_1',
      'GET /api/accounts',
      'GET /api/accounts/acc_1/transactions?limit=2',
      'GET /api/coins',
      'GET /api/rates',
      'GET /api/rates/BTC/EUR',
    ]);
    expect(received.every((r) => r.signatureValid)).toBe(true);
  });

  it('defaults meta to {} when a list response has none', async () => {
    handler = (_r, res) => json(res, 200, { data: [] });
    await expect(client().accounts.list()).resolves.toEqual({ data: [], meta: {} });
  });

  it('uses the fetch it is given', async () => {
    const calls: string[] = [];
    const spy: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    handler = (_r, res) => json(res, 200, { data: { buy_rate: '1', sell_rate: '2' } });
    await expect(client({ fetch: spy }).rates.retrieve('BTC', 'EUR')).resolves.toEqual({
      buy_rate: '1',
      sell_rate: '2',
    });
    expect(calls).toEqual([`${baseUrl}/api/rates/BTC/EUR`]);
  });

  it('refuses (as a rejection) dot and empty segments that URL parsing would collapse', async () => {
    await expect(client().invoices.retrieve('..')).rejects.toThrow(TypeError);
    await expect(client().invoices.retrieveByCustomId('.')).rejects.toThrow(TypeError);
    await expect(client().rates.retrieve('BTC', '')).rejects.toThrow(TypeError);
    expect(received).toHaveLength(0);
  });
});

describe('SignetClient errors', () => {
  it('maps the error envelope to SignetApiError', async () => {
    const details = [{ reason: 'clock_skew' }];
    handler = (_r, res) =>
      json(
        res,
        401,
        {
          error: { code: 'unauthenticated', message: 'unauthenticated', details },
          meta: { request_id: 'a'.repeat(32) },
        },
        { 'X-Request-Id': 'a'.repeat(32) },
      );
    const error = await client()
      .invoices.retrieve('inv_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignetApiError);
    expect(error).toMatchObject({
      status: 401,
      code: 'unauthenticated',
      message: 'unauthenticated',
      details,
      requestId: 'a'.repeat(32),
    });
  });

  it('falls back to the X-Request-Id header and empty details', async () => {
    handler = (_r, res) =>
      json(
        res,
        404,
        { error: { code: 'not_found', message: 'no such invoice' } },
        { 'X-Request-Id': 'req-9' },
      );
    const error = await client()
      .invoices.retrieve('nope')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignetApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'no such invoice',
      details: [],
      requestId: 'req-9',
    });
  });

  it('raises SignetResponseError for a non-JSON answer', async () => {
    handler = (_r, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    };
    const error = await client()
      .coins.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignetResponseError);
    expect(error).not.toBeInstanceOf(SignetApiError);
    expect(error).toMatchObject({ status: 502, bodySnippet: '<html>Bad Gateway</html>' });
  });

  it('raises SignetResponseError for JSON without the envelope, on success or failure', async () => {
    handler = (_r, res) => json(res, 200, { invoices: [] });
    await expect(client().invoices.list()).rejects.toBeInstanceOf(SignetResponseError);
    handler = (_r, res) => json(res, 500, { message: 'oops' });
    await expect(client().invoices.list()).rejects.toMatchObject({
      name: 'SignetResponseError',
      status: 500,
    });
  });

  it('does not follow redirects (the signature covers one path only)', async () => {
    handler = (_r, res) => {
      res.writeHead(302, { Location: '/elsewhere' });
      res.end();
    };
    await expect(client().coins.list()).rejects.toMatchObject({ name: 'SignetResponseError', status: 302 });
    expect(received).toHaveLength(1);
  });

  it('raises SignetNetworkError when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await client({ baseUrl: `http://127.0.0.1:${port}` })
      .coins.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignetNetworkError);
    expect((error as Error).message).toContain('GET /api/coins');
  });

  it('raises SignetNetworkError on timeout', async () => {
    handler = () => {
      /* never answers */
    };
    const error = await client({ timeoutMs: 100 })
      .coins.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignetNetworkError);
  });
});
