// Signs a request with an API key and sends it to Signet; prints the status, headers and body.
//
//   SIGNET_API_KEY=... SIGNET_API_SECRET=... node examples/gateway/call.mjs GET /v1/orders/42
//   node examples/gateway/call.mjs POST /v1/orders '{"item":"book"}'
//   node examples/gateway/call.mjs GET /v1/health          # without a key: sent unsigned
//
// SIGNET_URL defaults to http://localhost:8080. The path is sent, and signed, exactly as given
// (query string included), so give it the way it should go on the wire.
import { signRequest } from '@signet/client';

const [method, path, body] = process.argv.slice(2);
if (!method || !path?.startsWith('/')) {
  console.error('usage: node examples/gateway/call.mjs METHOD /path [body]');
  process.exit(2);
}
if (body !== undefined && ['GET', 'HEAD'].includes(method.toUpperCase())) {
  console.error('a GET or HEAD request cannot carry a body (Signet neither reads nor forwards one)');
  process.exit(2);
}
const base = (process.env.SIGNET_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
const url = new URL(base + path);
// The signature covers the path as Signet receives it: refuse one that fetch would rewrite
// (`..` segments, spaces, ...), since the signed and the sent path would then differ.
if (url.pathname + url.search !== new URL(base).pathname.replace(/\/$/, '') + path) {
  console.error(
    `the path would be sent as ${url.pathname + url.search}; write it that way (percent-encoded)`,
  );
  process.exit(2);
}

const { SIGNET_API_KEY: apiKey, SIGNET_API_SECRET: apiSecret } = process.env;
let headers = {};
if (apiKey && apiSecret) {
  ({ headers } = signRequest({
    apiKey,
    apiSecret,
    method: method.toUpperCase(),
    path: url.pathname + url.search,
    body,
    contentType: process.env.CONTENT_TYPE ?? 'application/json',
  }));
} else {
  console.error('(SIGNET_API_KEY / SIGNET_API_SECRET not set: sending the request unsigned)');
  if (body !== undefined) headers['Content-Type'] = process.env.CONTENT_TYPE ?? 'application/json';
}

let res;
try {
  res = await fetch(url, { method: method.toUpperCase(), headers, body, redirect: 'manual' });
} catch (err) {
  console.error(`${method.toUpperCase()} ${url}: ${err.cause?.code ?? err.message}`);
  process.exit(1);
}
const text = await res.text();
console.log(`HTTP ${res.status} ${res.statusText}`);
for (const [name, value] of res.headers) console.log(`${name}: ${value}`);
console.log();
try {
  console.log(JSON.stringify(JSON.parse(text), null, 2));
} catch {
  console.log(text);
}
