// Micro-benchmark of the pure verification core (packages/server/src/signature) against the
// physical floor: the MD5 of the body plus the HMAC-SHA1 of the same StringToSign with nothing
// else. Also the client's signRequest, to show what signing costs a caller. Prints one JSON line.
// Input: { rounds, iterations }
import { createHash, createHmac, createSecretKey } from 'node:crypto';
import { signRequest } from '../../packages/client/dist/index.js';
import { createRequestSigner, verifyRequest } from './server-entry.mjs';

const { rounds = 7, iterations = 50_000 } = JSON.parse(process.argv[2] ?? '{}');

const apiKey = 'D4mPl3KeY0123456789abc';
const apiSecret = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I';
const body = Buffer.from(
  JSON.stringify({
    price_amount: '100.50',
    price_currency: 'EUR',
    pay_currency: 'BTC',
    custom_id: 'order-42',
  }),
);
const date = new Date().toUTCString();
const path = '/api/invoices';
const signed = signRequest({
  apiKey,
  apiSecret,
  method: 'POST',
  path,
  body,
  contentType: 'application/json',
  date,
});
const input = {
  method: 'POST',
  path,
  rawBody: body,
  contentType: 'application/json',
  date,
  authorization: signed.headers.Authorization,
};
const signer = createRequestSigner(apiSecret);
const deps = { now: Date.now(), findSigner: (k) => (k === apiKey ? signer : undefined) };
if (!verifyRequest(input, deps).ok) throw new Error('the micro-benchmark request does not verify');

const floorKey = createSecretKey(Buffer.from(apiSecret, 'utf8'));
const sts = signed.stringToSign;

let sink = 0;
const cases = {
  verify() {
    const r = verifyRequest(input, deps);
    sink += r.ok ? 1 : 0;
  },
  floor() {
    // What any verifier must do at least: hash the body, HMAC the StringToSign, encode to compare.
    const md5 = createHash('md5').update(body).digest('hex');
    const mac = createHmac('sha1', floorKey).update(sts, 'utf8').digest('base64');
    sink += md5.length + mac.length;
  },
  sign() {
    const s = signRequest({
      apiKey,
      apiSecret,
      method: 'POST',
      path,
      body,
      contentType: 'application/json',
      date,
    });
    sink += s.headers.Authorization.length;
  },
};

function time(fn, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

for (const fn of Object.values(cases)) time(fn, iterations); // warm-up (JIT)
const samples = { verify: [], floor: [], sign: [] };
for (let r = 0; r < rounds; r++)
  for (const [name, fn] of Object.entries(cases)) samples[name].push(time(fn, iterations));
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const verify = median(samples.verify);
const floor = median(samples.floor);
console.log(
  JSON.stringify({
    verify_ns_per_op: verify,
    floor_ns_per_op: floor,
    verify_vs_floor_ratio: verify / floor,
    client_sign_ns_per_op: median(samples.sign),
    sink,
  }),
);
