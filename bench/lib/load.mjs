// One autocannon run (a child process, pinned to its own CPU by run.mjs); prints one JSON line.
// Input: { url, path, mode: 'signed'|'unsigned', apiKey, apiSecret, accountId, duration, connections,
// target? }. Both modes send the same headers (Authorization, Date, Content-Type, X-Bench-Account),
// signed for `path`, so the requests are the same size on the wire and only the route (and so
// authentication) differs. The path requested is `path` when signed and its /bench/ twin when
// unsigned, unless `target` names it (the gateway part: every way sends the headers signed for
// /v1/orders/123, and only Signet checks them).
import autocannon from 'autocannon';
import { signRequest } from '../../packages/client/dist/index.js';

const input = JSON.parse(process.argv[2]);
const { url, path, mode, apiKey, apiSecret, accountId, duration, connections = 10 } = input;

// The signature depends only on the Date header (one-second resolution), so it is computed once
// per second, not per request: the client's signing cost stays out of the measurement (it is
// reported separately by the micro-benchmark).
let cachedDate = '';
let cachedHeaders = null;
function headers() {
  const date = new Date().toUTCString();
  if (date !== cachedDate) {
    const signed = signRequest({ apiKey, apiSecret, method: 'GET', path, date });
    cachedDate = date;
    cachedHeaders = { ...signed.headers, 'X-Bench-Account': accountId };
  }
  return cachedHeaders;
}
const target = input.target ?? (mode === 'signed' ? path : path.replace(/^\/api\//, '/bench/'));

// autocannon's own histogram has 1 ms resolution; keep exact per-response times instead.
const latencies = [];
const instance = autocannon({
  url,
  connections,
  duration,
  pipelining: 1,
  requests: [
    {
      method: 'GET',
      path: target,
      setupRequest(req) {
        req.headers = headers();
        return req;
      },
    },
  ],
});
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode === 200) latencies.push(responseTime);
});
const result = await new Promise((resolve, reject) => instance.on('done', resolve).on('error', reject));
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const ok = result['2xx'];
console.log(
  JSON.stringify({
    mode,
    rps: ok / result.duration,
    p50: pct(50),
    p99: pct(99),
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
);
