import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** One request as the upstream behind a gateway mount saw it. */
export interface UpstreamRequest {
  method: string;
  /** Node's `req.url`: path plus `?query`, what the gateway signature covers. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Upstream {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  received: UpstreamRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP service on 127.0.0.1 (port 0) standing in for the merchant's own API behind Signet: it
 * records every request and answers 200 with JSON naming what it got.
 */
export async function startUpstream(): Promise<Upstream> {
  const received: UpstreamRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: UpstreamRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(r);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ upstream: true, method: r.method, url: r.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Signet config file (SIGNET_CONFIG) in a temp dir of its own; `remove()` deletes the dir. */
export function writeConfigFile(text: string, name = 'signet.yaml'): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-config-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
