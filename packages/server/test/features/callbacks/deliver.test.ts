import { createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { buildConnector } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deliverCallback, signCallbackBody } from '../../../src/features/callbacks/delivery/index.js';
import type { DeliverCallbackInput } from '../../../src/features/callbacks/delivery/index.js';
import { createAddressPolicy, createCallbackAgent } from '../../../src/features/callbacks/delivery/index.js';
import type { LookupAll } from '../../../src/features/callbacks/delivery/index.js';
import { closedPort, startReceiver } from './delivery-receivers.js';
import type { Receiver } from './delivery-receivers.js';

const SECRET = 'q8Zt3WcY6nR1vK0pL9xH2jF5dS7aB4mE_u-oI3gTyQw';
// Non-ASCII on purpose: the signature must cover the UTF-8 bytes actually sent.
const BODY = JSON.stringify({
  type: 'Invoice',
  event: 'created',
  data: { id: 'inv_1', name: "Zoë's order" },
});

// Test-only DNS so no test depends on (or sends packets to) a real resolver.
const fakeDns: Record<string, string[]> = { 'receiver.test': ['127.0.0.1'] };
const lookup: LookupAll = async (hostname) => {
  const addresses = fakeDns[hostname];
  if (addresses === undefined)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

// The sandbox/dev setup: the operator opened loopback so local receivers can be reached.
const agent = createCallbackAgent({ policy: createAddressPolicy(['127.0.0.0/8']), lookup });

const receivers: Receiver[] = [];
async function receiver(respond: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await agent.close();
});

function input(url: string, extra: Partial<DeliverCallbackInput> = {}): DeliverCallbackInput {
  return { url, body: BODY, secret: SECRET, eventId: 'evt_123', attempt: 1, dispatcher: agent, ...extra };
}

const reply =
  (status: number, body = '', headers: Record<string, string> = {}) =>
  (_req: unknown, res: ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  };

describe('signCallbackBody', () => {
  it('matches the protocol vectors', () => {
    // From the protocol's published callback vectors.
    expect(
      signCallbackBody(
        '{"type":"Invoice","event":"status_changed","data":{"id":"ff48eeba-ab18-4088-96bc-4be10a82b994","status":"completed","price_amount":"1.0","price_currency":"EUR"}}',
        SECRET,
      ),
    ).toBe('46ccfeea05259a0a69b155cf8faa8fb12b110e3949e97d0f23527c4746b220a8');
    expect(
      signCallbackBody(
        '{"type":"Invoice","event":"created","data":{"id":"0b1e6f0c-1d2e-4f3a-8b9c-aa00bb11cc22","status":"new","name":"Zoë\'s order"}}',
        SECRET,
      ),
    ).toBe('442f983639f07dcb73280945d5f60ae34ade88fe39cf9ddc2d9da26fb48367b5');
  });

  it('signs strings and their UTF-8 bytes identically', () => {
    expect(signCallbackBody(Buffer.from(BODY, 'utf8'), SECRET)).toBe(signCallbackBody(BODY, SECRET));
  });
});

describe('deliverCallback against a real receiver', () => {
  it('delivers the exact body with a verifiable signature and the documented headers', async () => {
    const r = await receiver(reply(200, 'ok'));
    const result = await deliverCallback(input(`${r.url}/hooks/signet?source=test`, { attempt: 3 }));

    expect(result).toMatchObject({ ok: true, httpStatus: 200, error: null, responseExcerpt: 'ok' });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(r.received).toHaveLength(1);
    const got = r.received[0]!;
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/hooks/signet?source=test');
    expect(got.body.equals(Buffer.from(BODY, 'utf8'))).toBe(true);
    const expected = createHmac('sha256', SECRET).update(got.body).digest('hex');
    expect(got.headers['x-cryptopay-signature']).toBe(expected);
    expect(got.headers['x-cryptopay-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['user-agent']).toBe('Signet-Callbacks/1');
    expect(got.headers['x-signet-event-id']).toBe('evt_123');
    expect(got.headers['x-signet-attempt']).toBe('3');
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(BODY)));
  });

  it('keeps the host name from the URL in the Host header while dialling the checked address', async () => {
    const r = await receiver(reply(200));
    const result = await deliverCallback(input(`http://receiver.test:${r.port}/`));
    expect(result).toMatchObject({ ok: true, responseExcerpt: '' });
    expect(r.received[0]!.headers.host).toBe(`receiver.test:${r.port}`);
  });

  it('records HTTP 500 as a failed attempt with its excerpt', async () => {
    const r = await receiver(reply(500, 'database on fire'));
    const result = await deliverCallback(input(r.url));
    expect(result).toMatchObject({
      ok: false,
      httpStatus: 500,
      error: 'HTTP 500',
      responseExcerpt: 'database on fire',
    });
  });

  it('does not follow a 302', async () => {
    const r = await receiver((req, res) => {
      if (req.url === '/start') reply(302, '', { location: '/elsewhere' })(req, res);
      else reply(200, 'followed')(req, res);
    });
    const result = await deliverCallback(input(`${r.url}/start`));
    expect(result).toMatchObject({ ok: false, httpStatus: 302, error: 'HTTP 302' });
    expect(r.received.map((q) => q.url)).toEqual(['/start']);
  });

  it.each([201, 202, 204, 301, 404])('treats HTTP %i as a failure (only 200 counts)', async (status) => {
    const r = await receiver(reply(status));
    const result = await deliverCallback(input(r.url));
    expect(result).toMatchObject({ ok: false, httpStatus: status, error: `HTTP ${status}` });
  });

  it('times out a receiver that never answers, on one overall deadline', async () => {
    const r = await receiver(() => {});
    const result = await deliverCallback(input(r.url, { timeoutMs: 300 }));
    expect(result).toMatchObject({
      ok: false,
      httpStatus: null,
      error: 'timeout after 300 ms',
      responseExcerpt: null,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(2000);
    expect(r.received).toHaveLength(1);
  });

  it('counts the body read against the deadline (200 headers, then a stalled body)', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    const result = await deliverCallback(input(r.url, { timeoutMs: 300 }));
    expect(result).toMatchObject({ ok: false, httpStatus: 200, error: 'timeout after 300 ms' });
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('covers DNS with the deadline too (a resolver that never answers)', async () => {
    const hanging = createCallbackAgent({
      policy: createAddressPolicy([]),
      lookup: () => new Promise(() => {}),
    });
    try {
      const result = await deliverCallback(
        input('http://slow-dns.test/', { dispatcher: hanging, timeoutMs: 300 }),
      );
      expect(result).toMatchObject({ ok: false, httpStatus: null, error: 'timeout after 300 ms' });
      expect(result.durationMs).toBeLessThan(2000);
    } finally {
      await hanging.destroy();
    }
  });

  it('reports a closed port as connection refused', async () => {
    const port = await closedPort();
    const result = await deliverCallback(input(`http://127.0.0.1:${port}/`));
    expect(result).toMatchObject({
      ok: false,
      httpStatus: null,
      error: 'connection refused',
      responseExcerpt: null,
    });
  });

  it('reports a failed DNS lookup', async () => {
    const result = await deliverCallback(input('http://nowhere.test/'));
    expect(result).toMatchObject({
      ok: false,
      httpStatus: null,
      error: 'DNS lookup failed for nowhere.test',
    });
  });

  it('reports a receiver that drops the connection', async () => {
    const r = await receiver((_req, res) => res.socket?.destroy());
    const result = await deliverCallback(input(r.url));
    expect(result).toMatchObject({ ok: false, httpStatus: null, error: 'connection closed by the receiver' });
  });

  it('reads at most 1 KB of a 5 MB response and does not wait for the rest', async () => {
    const total = 5 * 1024 * 1024;
    let sent = 0;
    let finished = false;
    const r = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(total) });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = (): void => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end(() => (finished = true));
      };
      pump();
    });
    const result = await deliverCallback(input(r.url));
    expect(result.ok).toBe(true);
    expect(result.httpStatus).toBe(200);
    expect(result.responseExcerpt).toBe('x'.repeat(1024));
    // The client hung up instead of draining: the receiver never got to finish sending 5 MB.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(finished).toBe(false);
  });

  it('does not split a multi-byte character at the 1 KB cut', async () => {
    const r = await receiver(reply(500, `${'a'.repeat(1023)}ë and more`));
    const result = await deliverCallback(input(r.url));
    expect(result.responseExcerpt).toBe('a'.repeat(1023));
  });

  it('reuses the connection between deliveries to the same receiver', async () => {
    const r = await receiver(reply(200, 'ok'));
    let connections = 0;
    const defaultConnector = buildConnector({});
    const local = createCallbackAgent({
      policy: createAddressPolicy(['127.0.0.0/8']),
      connector: (opts, cb) => {
        connections++;
        defaultConnector(opts, cb);
      },
    });
    try {
      for (let i = 0; i < 10; i++)
        expect((await deliverCallback(input(r.url, { dispatcher: local }))).ok).toBe(true);
      // undici's pool may open a second connection while the first is being released; what
      // matters is that connections are pooled rather than opened (and re-checked) per delivery.
      expect(connections).toBeLessThanOrEqual(2);
    } finally {
      await local.close();
    }
  });

  it('never throws: bad URLs, schemes and header values become failed attempts', async () => {
    expect(await deliverCallback(input('not a url'))).toMatchObject({
      ok: false,
      error: 'invalid callback URL',
    });
    expect(await deliverCallback(input('ftp://127.0.0.1/'))).toMatchObject({
      ok: false,
      error: 'unsupported URL scheme ftp:',
    });
    const r = await receiver(reply(200));
    const bad = await deliverCallback(input(r.url, { eventId: 'evt\r\nX-Injected: 1' }));
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/header/i);
    expect(r.received).toHaveLength(0);
  });
});
