// One autocannon run (a child process, pinned to its own CPU by run.mjs); prints one JSON line.
// Input: { url, path, mode: 'signed'|'unsigned', apiKey, apiSecret, accountId, duration, connections,
// target?, bearer?, verify?, body?, amount? }. Both modes send the same headers (Authorization, Date,
// Content-Type, X-Bench-Account), signed for `path`, so the requests are the same size on the wire
// and only the route (and so authentication) differs. The path requested is `path` when signed and
// its /bench/ twin when unsigned, unless `target` names it (the gateway part: every way sends the
// headers signed for /v1/orders/123, and only Signet checks them).
//
// Platform API runs (`bearer`: a service token): a JSON POST to `target` with
// `Authorization: Bearer <bearer>`. With `verify: { permission, clientIp }` the body is the
// `/platform/v1/verify` body (the client package's verifyBodyOf) for a GET of `path` signed as
// above, refreshed with the Date; answers with `valid: false` are counted as `invalid`. Otherwise
// the body is `body` as JSON, the same for every request (the events part). `amount`: stop after
// that many requests instead of after `duration` seconds; `started_ms` (epoch ms, sub-ms) is when
// the first request was about to go, so a receiver's timestamps can be set against it.
import autocannon from 'autocannon';
import { signRequest, verifyBodyOf } from '../../packages/client/dist/index.js';

const input = JSON.parse(process.argv[2]);
const { url, path, mode, apiKey, apiSecret, accountId, duration, connections = 10 } = input;
const { bearer, verify, amount } = input;

// The signature depends only on the Date header (one-second resolution), so it is computed once
// per second, not per request: the client's signing cost stays out of the measurement (it is
// reported separately by the micro-benchmark).
let cachedDate = '';
let cachedHeaders = null;
let cachedBody = null;
function headers() {
  const date = new Date().toUTCString();
  if (date !== cachedDate) {
    const signed = signRequest({ apiKey, apiSecret, method: 'GET', path, date });
    cachedDate = date;
    cachedHeaders = { ...signed.headers, 'X-Bench-Account': accountId };
    if (verify)
      cachedBody = JSON.stringify({
        ...verifyBodyOf(
          { method: 'GET', url: path, headers: signed.headers },
          { permission: verify.permission, clientIp: verify.clientIp },
        ),
        // The empty body, spelt out (verifyBodyOf leaves it out): every member the API takes.
        body_md5: '',
      });
  }
  return cachedHeaders;
}
const target = input.target ?? (mode === 'signed' ? path : path.replace(/^\/api\//, '/bench/'));

const fixedBody = input.body === undefined ? undefined : JSON.stringify(input.body);
const platformHeaders = bearer && { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' };
let invalid = 0;
const request = bearer
  ? {
      method: 'POST',
      path: target,
      setupRequest(req) {
        if (verify) headers();
        req.headers = platformHeaders;
        req.body = verify ? cachedBody : fixedBody;
        return req;
      },
      // Only /verify's answers are read: it answers 200 either way, `valid` says which.
      ...(verify && {
        onResponse(status, body) {
          if (status === 200 && !body.startsWith('{"valid":true')) invalid++;
        },
      }),
    }
  : {
      method: 'GET',
      path: target,
      setupRequest(req) {
        req.headers = headers();
        return req;
      },
    };

// autocannon's own histogram has 1 ms resolution; keep exact per-response times instead.
const latencies = [];
const startedMs = performance.timeOrigin + performance.now();
const instance = autocannon({
  url,
  connections,
  ...(amount ? { amount } : { duration }),
  pipelining: 1,
  requests: [request],
});
let lastResponseMs = startedMs;
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  if (amount) lastResponseMs = performance.timeOrigin + performance.now();
});
const result = await new Promise((resolve, reject) => instance.on('done', resolve).on('error', reject));
// A fixed amount is timed to its last answer: autocannon says it is done only at its next
// one-second sample, and rounds its duration to 10 ms.
const seconds = ((amount ? lastResponseMs : performance.timeOrigin + performance.now()) - startedMs) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const ok = result['2xx'];
console.log(
  JSON.stringify({
    mode,
    rps: ok / (amount ? seconds : result.duration),
    p50: pct(50),
    p99: pct(99),
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    invalid,
    started_ms: startedMs,
    seconds,
  }),
);
