import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
}

/**
 * Sends bytes exactly as given (request line, headers, duplicates, odd encodings) over a fresh
 * connection and reads the answer until the server closes it. Throws on a timeout: a hang is a failure.
 */
export function rawRequest(port: number, request: Buffer | string, timeoutMs = 6_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let buffered = Buffer.alloc(0);
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (res: RawResponse | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (res instanceof Error) reject(res);
      else resolve(res);
    };
    // A response is complete when its Content-Length bytes have arrived (keep-alive connections
    // stay open), or when the server closes the connection.
    const parse = (closed: boolean): RawResponse | Error | null => {
      let text = buffered.toString('latin1');
      // Interim 1xx answers (100 Continue) precede the real one.
      while (/^HTTP\/1\.[01] 1\d\d/.test(text) && text.includes('\r\n\r\n'))
        text = text.slice(text.indexOf('\r\n\r\n') + 4);
      const headEnd = text.indexOf('\r\n\r\n');
      if (headEnd < 0)
        return closed ? new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`) : null;
      const head = text.slice(0, headEnd);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (!m) return new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      const rawBody = Buffer.from(text.slice(headEnd + 4), 'latin1');
      const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
      if (length !== undefined && rawBody.length < length && !closed) return null;
      if (length === undefined && !closed) return null;
      let body = rawBody.subarray(0, length ?? rawBody.length).toString('utf8');
      if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
      return { status: Number(m[1]), headers, body, ms: Date.now() - started };
    };
    socket.on('data', (c: Buffer) => {
      buffered = Buffer.concat([buffered, c]);
      const res = parse(false);
      if (res) finish(res);
    });
    socket.on('error', () => undefined); // EPIPE/ECONNRESET after the server answered early
    socket.on('close', () => finish(parse(true) ?? new Error('no HTTP response')));
    // Not end(): Node's server aborts a request whose client half-closes before the answer is ready.
    socket.write(request);
  });
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (let i = 0; i < 10_000; i++) {
    const nl = rest.indexOf('\r\n');
    if (nl < 0) break;
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) break;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
  return out;
}

/** Builds an HTTP/1.1 request; `headers` is a list so names may repeat. */
export function buildRaw(
  method: string,
  target: string,
  headers: [string, string][],
  body?: Buffer | string,
): Buffer {
  const b = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [n, v] of headers) lines.push(`${n}: ${v}`);
  if (b !== undefined && !headers.some(([n]) => n.toLowerCase() === 'content-length'))
    lines.push(`Content-Length: ${b.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), b ?? Buffer.alloc(0)]);
}
