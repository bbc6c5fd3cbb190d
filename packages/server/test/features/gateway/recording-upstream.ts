import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/**
 * A real upstream on 127.0.0.1 that records every request it receives. `/slow/*` never answers,
 * `/fail` answers 500, `/big` streams `bigBytes` in chunks; anything else echoes JSON.
 */
export async function startRecordingUpstream(bigBytes = 4 * 1024 * 1024) {
  const received: ReceivedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body,
      });
      const path = req.url!.split('?')[0]!;
      if (path.startsWith('/slow')) {
        hanging.add(res);
        return;
      }
      if (path === '/fail') {
        res.writeHead(500, { 'content-type': 'text/plain', 'x-upstream': 'yes' });
        return res.end('upstream broke');
      }
      if (path === '/big') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        const pump = () => {
          while (sent < bigBytes) {
            sent += chunk.length;
            if (!res.write(chunk)) return res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      res.writeHead(201, {
        'content-type': 'application/json',
        'x-upstream': 'yes',
        'set-cookie': ['a=1', 'b=2'],
      });
      res.end(JSON.stringify({ seen: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
