// An example upstream behind Signet's gateway (see examples/gateway/README.md):
//
//   node examples/gateway/upstream.mjs        # 127.0.0.1:9000; PORT=... to change it
//
// Every request must carry a valid X-Signet-Signature: Signet authenticated the caller's API key
// and forwarded the request with the caller's identity in signed X-Signet-* headers. Anything
// else (someone calling this port directly, a forged X-Signet-Key-Id) gets a 401.
//
// Only dependency: @signet/client (its verifyGatewayRequest), which resolves from the repository's
// node_modules once it is built (`npm start` or `npm run build` builds it).
import { randomUUID } from 'node:crypto';
import http from 'node:http';

let verifyGatewayRequest;
try {
  ({ verifyGatewayRequest } = await import('@signet/client'));
} catch (err) {
  console.error(
    `Cannot load @signet/client (${err.code ?? err.message}). Run \`npm ci && npm run build\` in the ` +
      'repository first (`npm start` also builds it).',
  );
  process.exit(1);
}

const PORT = Number(process.env.PORT ?? 9000);
const HOST = process.env.HOST ?? '127.0.0.1';
// The same value as `secret` in examples/gateway/signet.yaml.
const SECRET = process.env.ORDERS_GATEWAY_SECRET ?? 'orders-example-gateway-secret-0123456789abcdef';
// While rotating the secret, accept the previous one too (verifyGatewayRequest takes an array).
const SECRETS = [
  SECRET,
  ...(process.env.ORDERS_GATEWAY_SECRET_PREVIOUS ? [process.env.ORDERS_GATEWAY_SECRET_PREVIOUS] : []),
];

/** Orders created with POST /orders, by account: each account sees only its own. */
const orders = new Map();

function send(res, status, body) {
  const json = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(json);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  const result = verifyGatewayRequest({
    method: req.method,
    url: req.url, // the request target as received, query included
    headers: req.headers,
    secret: SECRETS,
  });
  if (!result.ok) {
    console.log(`${req.method} ${req.url} -> 401 (${result.reason})`);
    send(res, 401, { error: 'not_from_signet', reason: result.reason });
    return;
  }
  const who = result.identity;
  console.log(
    `${req.method} ${req.url} request=${who.requestId} client=${who.clientIp} ` +
      (who.keyId
        ? `account=${who.accountId} key=${who.keyId} name=${JSON.stringify(who.keyName)} permissions=${who.permissions.join(',')}`
        : 'anonymous (public route, no key)'),
  );

  // Decoded segments, as Signet matched them (`/heal%74h` is `/health`): route on the same reading
  // as Signet, never on the raw text. Signet already refused encoded `/` and `\`, and `.` or `..`.
  let path;
  try {
    path = req.url.split('?')[0].split('/').map(decodeURIComponent).join('/');
  } catch {
    send(res, 400, { error: 'invalid_path' });
    return;
  }
  const orderId = /^\/orders\/([^/]+)$/.exec(path)?.[1];

  if (req.method === 'GET' && path === '/health') {
    send(res, 200, { status: 'ok', signet: who });
  } else if (req.method === 'GET' && orderId !== undefined) {
    const id = orderId;
    // A made-up order for any id not created here, so that GET /v1/orders/42 shows something.
    const order = orders.get(who.accountId)?.get(id) ?? { id, status: 'pending', items: [], example: true };
    send(res, 200, { order, signet: who });
  } else if (req.method === 'POST' && path === '/orders') {
    let input;
    try {
      input = JSON.parse((await readBody(req)) || '{}');
    } catch {
      send(res, 400, { error: 'invalid_json' });
      return;
    }
    const order = { id: randomUUID(), status: 'pending', ...input, created_by_key: who.keyName };
    if (!orders.has(who.accountId)) orders.set(who.accountId, new Map());
    orders.get(who.accountId).set(order.id, order);
    send(res, 201, { order, signet: who });
  } else {
    // Signet forwards only what a route rule allows (GET /orders/* also matches /orders/42/items),
    // and what the upstream does not serve is the upstream's own 404.
    send(res, 404, { error: 'not_found', path });
  }
});

server.listen(PORT, HOST, () => {
  console.log(
    `example upstream listening on http://${HOST}:${PORT} (only requests signed by Signet are served)`,
  );
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
