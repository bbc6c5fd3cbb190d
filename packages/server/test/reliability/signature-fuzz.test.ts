import { createHash, createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@signet/client';
import { parseHttpDate, type ErrorEnvelope } from '../../src/index.js';
import { signup, startTestApp, type TestApp } from '../support/test-app.js';
import { buildRaw, rawRequest } from './raw-http.js';

/**
 * Property-based fuzzing of request authentication through the whole HTTP stack: valid signed
 * requests are mutated (signature characters, other keys, body bytes, path/query/percent-encoding,
 * Content-Type, Date forms and skews, duplicated headers, method, random unicode) and sent.
 * Invariants: no 5xx ever; every error is the documented envelope; a 2xx only for a request whose
 * bytes, as sent, are signed with the secret of the key it names within the allowed clock skew
 * (the oracle recomputes the HMAC independently of the server).
 */
const RUNS = Number(process.env.SIGNET_FUZZ_RUNS ?? 10_000);
const SKEW_MS = 15 * 60 * 1000;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface Key {
  api_key: string;
  api_secret: string;
}

/** Exactly what goes on the wire. `headers` may repeat names (raw transport only). */
interface Wire {
  method: 'GET' | 'POST';
  path: string;
  body: Buffer | undefined;
  headers: [string, string][];
  raw: boolean;
}

interface Base {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

let t: TestApp;
let port: number;
let keyA: Key; // the key whose requests are mutated
let keyA2: Key; // same account, different secret
let keyB: Key; // another account

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
  const root = await signup(t.app, 'Fuzz');
  const other = await signup(t.app, 'Other');
  const create = async (u: typeof root) => {
    const r = await u.request('POST', '/api-keys', {
      name: 'fuzz',
      permissions: ['invoices:read', 'invoices:write'],
    });
    if (r.statusCode !== 201) throw new Error(r.body);
    return r.json() as Key;
  };
  keyA = await create(root);
  keyA2 = await create(root);
  keyB = await create(other);
});
afterAll(async () => t?.close());

const md5 = (b: Buffer | undefined) => (b && b.length ? createHash('md5').update(b).digest('hex') : '');

/**
 * The independent oracle: is this wire request, as the server receives it, genuinely signed by a
 * key's secret? A signed header (Authorization, Date, Content-Type) that appears twice is never
 * genuinely signed: which copy counts would depend on who reads it. A GET body is never read (Fastify does not parse
 * bodies of GET requests, so nothing unsigned reaches a handler). Over a real connection the
 * parser strips whitespace around values.
 */
function genuinelySigned(w: Wire, now: number): boolean {
  // Over a real connection the HTTP parser also strips whitespace around each value (RFC 9110 OWS).
  const values = (name: string) =>
    w.headers
      .filter(([n]) => n.toLowerCase() === name)
      .map(([, v]) => (w.raw ? v.replace(/^[ \t]+|[ \t]+$/g, '') : v));
  if (['authorization', 'date', 'content-type'].some((h) => values(h).length > 1)) return false;
  const auth = values('authorization')[0];
  const contentType = values('content-type')[0];
  const date = values('date').length ? values('date').join(', ') : undefined;
  if (!auth || !date) return false;
  const m = /^HMAC ([A-Za-z0-9_-]{22}):([A-Za-z0-9+/]{27}=)$/.exec(auth);
  if (!m) return false;
  const key = [keyA, keyA2, keyB].find((k) => k.api_key === m[1]);
  if (!key) return false;
  const at = parseHttpDate(date, now);
  if (at === null || Math.abs(at - now) > SKEW_MS) return false;
  const body = w.method === 'GET' ? undefined : w.body;
  const sts = `${w.method}\n${md5(body)}\n${contentType ?? ''}\n${date}\n${w.path}`;
  return createHmac('sha1', key.api_secret).update(sts, 'utf8').digest('base64') === m[2];
}

/** Accepted although the bytes on the wire differ from what was signed (see genuinelySigned). */
function equivalentOnly(w: Wire): string | null {
  if (w.method === 'GET' && w.body?.length) return 'unsigned body on a GET, never read';
  return null;
}

function signed(
  base: Base,
  key: Key,
  opts: { date?: string; contentType?: string; path?: string } = {},
): Wire {
  const s = signRequest({
    apiKey: key.api_key,
    apiSecret: key.api_secret,
    method: base.method,
    path: opts.path ?? base.path,
    body: base.body,
    date: opts.date ?? t.clock.now.toUTCString(),
    ...(opts.contentType !== undefined ? { contentType: opts.contentType } : {}),
  });
  return {
    method: base.method,
    path: opts.path ?? base.path,
    body: base.body === undefined ? undefined : Buffer.from(base.body, 'utf8'),
    headers: Object.entries(s.headers) as [string, string][],
    raw: false,
  };
}

const setHeader = (w: Wire, name: string, value: string | undefined): Wire => {
  const headers = w.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  if (value !== undefined) headers.push([name, value]);
  return { ...w, headers };
};
const header = (w: Wire, name: string) =>
  w.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

const dateForms = (d: Date): string[] => {
  const imf = d.toUTCString();
  const [wd, day, mon, year, time] = imf.replace(',', '').split(' ') as [
    string,
    string,
    string,
    string,
    string,
  ];
  const long = {
    Mon: 'Monday',
    Tue: 'Tuesday',
    Wed: 'Wednesday',
    Thu: 'Thursday',
    Fri: 'Friday',
    Sat: 'Saturday',
    Sun: 'Sunday',
  }[wd]!;
  return [
    imf,
    `${wd}, ${Number(day)} ${mon} ${year} ${time} GMT`,
    `${wd}, ${day} ${mon} ${year} ${time} +0000`,
    `${long}, ${day}-${mon}-${year.slice(2)} ${time} GMT`,
    `${wd} ${mon} ${String(Number(day)).padStart(2, ' ')} ${time} ${year}`,
    d.toISOString(),
    String(Math.floor(d.getTime() / 1000)),
    imf.replace('GMT', 'UTC'),
    imf.toLowerCase(),
    ` ${imf}`,
    `${imf} `,
  ];
};

type Mutation = (w: Wire, base: Base) => Wire;

const unicodeString = fc.string({ unit: 'grapheme', maxLength: 12 });
const anyString = fc.string({ unit: 'binary', maxLength: 40 });

function mutations(): fc.Arbitrary<{ name: string; apply: Mutation }> {
  const m = (name: string, arb: fc.Arbitrary<Mutation>) => arb.map((apply) => ({ name, apply }));
  return fc.oneof(
    m(
      'none',
      fc.constant((w) => w),
    ),
    m(
      'flip signature char',
      fc.tuple(fc.nat(27), fc.constantFrom(...B64)).map(([i, c]) => (w) => {
        const auth = header(w, 'authorization')!;
        const at = auth.indexOf(':') + 1 + i;
        return setHeader(w, 'Authorization', auth.slice(0, at) + c + auth.slice(at + 1));
      }),
    ),
    m(
      'other key',
      fc
        .constantFrom(
          'A2-secret-with-A-id',
          'B-secret-with-A-id',
          'A-secret-with-B-id',
          'genuine-A2',
          'genuine-B',
        )
        .map((which) => (w, base) => {
          const date = header(w, 'date');
          if (which === 'genuine-A2') return signed(base, keyA2, { date });
          if (which === 'genuine-B') return signed(base, keyB, { date });
          const secretOf = which.startsWith('A2') ? keyA2 : which.startsWith('B-') ? keyB : keyA;
          const idOf = which.endsWith('B-id') ? keyB : keyA;
          const s = signed(base, { api_key: idOf.api_key, api_secret: secretOf.api_secret }, { date });
          return s;
        }),
    ),
    m(
      'alter body bytes',
      fc
        .tuple(
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
          fc.constantFrom('xor', 'append', 'truncate', 'add-body'),
        )
        .map(([i, x, how]) => (w) => {
          const body = w.body ?? Buffer.alloc(0);
          if (how === 'add-body' || body.length === 0)
            return { ...w, body: Buffer.from('{"price_amount":"1"}') };
          const b = Buffer.from(body);
          if (how === 'xor') b[i % b.length]! ^= x;
          if (how === 'append') return { ...w, body: Buffer.concat([b, Buffer.from([x])]) };
          if (how === 'truncate') return { ...w, body: b.subarray(0, i % b.length) };
          return { ...w, body: b };
        }),
    ),
    m(
      'alter path',
      fc
        .tuple(
          fc.constantFrom(
            'trailing-slash',
            'double-slash',
            'dot-segment',
            'percent-encode',
            'upper-case',
            'add-query',
            'reorder-query',
            'strip-query',
            'encoded-slash',
            'dotdot',
            'lowercase-percent',
            'fragment',
          ),
          fc.nat(),
        )
        .map(([how, i]) => (w) => {
          const p = w.path;
          const [pathPart, query] = p.split('?') as [string, string | undefined];
          const letters = [...pathPart].map((c, j) => [c, j] as const).filter(([c]) => /[a-z]/.test(c));
          const [ch, at] = letters[i % letters.length]!;
          const path = {
            'trailing-slash': `${pathPart}/${query ? `?${query}` : ''}`,
            'double-slash': p.replace('/api/', '/api//'),
            'dot-segment': p.replace('/api/', '/api/./'),
            'percent-encode':
              p.slice(0, at) + `%${ch.charCodeAt(0).toString(16).toUpperCase()}` + p.slice(at + 1),
            'upper-case': p.slice(0, at) + ch.toUpperCase() + p.slice(at + 1),
            'add-query': `${p}${query ? '&' : '?'}x=1`,
            'reorder-query': query ? `${pathPart}?${query.split('&').reverse().join('&')}&` : `${p}?`,
            'strip-query': pathPart,
            'encoded-slash': p.replace('/api/invoices/', '/api/invoices%2F'),
            dotdot: p.replace('/api/', '/api/x/../'),
            'lowercase-percent': `${p}${query ? '&' : '?'}q=%c3%a9`,
            fragment: `${p}#frag`,
          }[how];
          return { ...w, path, raw: true };
        }),
    ),
    m(
      'alter content-type',
      fc
        .constantFrom(
          'application/json; charset=utf-8',
          'Application/JSON',
          'application/json ',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/vnd.api+json',
          '',
          undefined,
        )
        .map((ct) => (w) => setHeader(w, 'Content-Type', ct)),
    ),
    m(
      'content-type re-signed',
      fc
        .constantFrom(
          'application/json; charset=utf-8',
          'application/vnd.api+json',
          'text/plain',
          'application/json',
        )
        .map((ct) => (w, base) => signed(base, keyA, { contentType: ct, date: header(w, 'date') })),
    ),
    m(
      'date form, old signature',
      fc.nat(10).map((i) => (w) => setHeader(w, 'Date', dateForms(t.clock.now)[i]!)),
    ),
    m(
      'date form, re-signed',
      fc.nat(10).map((i) => (_w, base) => signed(base, keyA, { date: dateForms(t.clock.now)[i]! })),
    ),
    m(
      'date skew, re-signed',
      fc
        .oneof(
          fc.integer({ min: -SKEW_MS - 60_000, max: SKEW_MS + 60_000 }),
          fc.constantFrom(
            SKEW_MS,
            -SKEW_MS,
            SKEW_MS + 1000,
            -SKEW_MS - 1000,
            365 * 86_400_000,
            -86_400_000 * 36500,
          ),
        )
        .map((skew) => (_w, base) => {
          const d = new Date(Math.floor((t.clock.now.getTime() + skew) / 1000) * 1000);
          return signed(base, keyA, { date: Number.isNaN(d.getTime()) ? 'x' : d.toUTCString() });
        }),
    ),
    m(
      'date removed',
      fc.constant((w) => setHeader(w, 'Date', undefined)),
    ),
    m(
      'authorization format',
      fc
        .constantFrom(
          (a: string) => a.toLowerCase(),
          (a: string) => a.replace('HMAC ', 'hmac '),
          (a: string) => a.replace('HMAC ', 'HMAC  '),
          (a: string) => a.replace('HMAC ', 'Bearer '),
          (a: string) => `${a} `,
          (a: string) => ` ${a}`,
          (a: string) => a.replace(':', '::'),
          (a: string) => a.replace(':', ' :'),
          (a: string) => a.replace(/=$/, ''),
          (a: string) => `${a}=`,
          (a: string) => a.replace('HMAC ', ''),
          (a: string) => a.split(':')[0]!,
          (a: string) => `${a},${a}`,
          (a: string) => a.replace(/\+/g, '-').replace(/\//g, '_'),
        )
        .map((f) => (w) => setHeader(w, 'Authorization', f(header(w, 'authorization')!))),
    ),
    m(
      'duplicate header',
      fc
        .tuple(
          fc.constantFrom('Authorization', 'Date', 'Content-Type'),
          fc.constantFrom('same', 'garbage', 'other-valid', 'garbage-first'),
        )
        .map(([name, how]) => (w) => {
          const value = header(w, name) ?? 'application/json';
          const other =
            how === 'same'
              ? value
              : how === 'other-valid' && name === 'Authorization'
                ? `HMAC ${keyA2.api_key}:${'A'.repeat(27)}=`
                : how === 'other-valid' && name === 'Date'
                  ? new Date(t.clock.now.getTime() - 1000).toUTCString()
                  : 'garbage';
          const headers = w.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
          const pair: [string, string][] =
            how === 'garbage-first'
              ? [
                  [name, other],
                  [name, value],
                ]
              : [
                  [name, value],
                  [name, other],
                ];
          return { ...w, headers: [...headers, ...pair], raw: true };
        }),
    ),
    m(
      'method swap',
      fc.constant((w) => ({ ...w, method: w.method === 'GET' ? ('POST' as const) : ('GET' as const) })),
    ),
    m(
      'random unicode',
      fc
        .tuple(
          fc.constantFrom('path', 'query', 'body', 'header-date', 'header-auth', 'header-ct', 'extra-header'),
          unicodeString,
          anyString,
        )
        .map(([where, u, bin]) => (w) => {
          if (where === 'path') return { ...w, path: `${w.path.split('?')[0]}${encodeURI(u)}`, raw: true };
          if (where === 'query')
            return {
              ...w,
              path: `${w.path}${w.path.includes('?') ? '&' : '?'}u=${encodeURIComponent(u)}`,
              raw: true,
            };
          if (where === 'body')
            return { ...w, body: Buffer.concat([w.body ?? Buffer.alloc(0), Buffer.from(u + bin, 'utf8')]) };
          const latin = (s: string) => s.replace(/[^\x20-\x7e\x80-\xff]/g, '?');
          if (where === 'header-date') return setHeader(w, 'Date', latin(`${header(w, 'date')}${bin}`));
          if (where === 'header-auth')
            return setHeader(w, 'Authorization', latin(`${header(w, 'authorization')}${bin}`));
          if (where === 'header-ct')
            return setHeader(w, 'Content-Type', latin(`${header(w, 'content-type')}${bin}`));
          return { ...w, headers: [...w.headers, ['X-Fuzz', latin(u + bin)]] };
        }),
    ),
  );
}

interface Answer {
  status: number;
  body: string;
  requestIdHeader: string | undefined;
}

async function send(w: Wire): Promise<Answer | 'unsendable'> {
  if (w.raw) {
    const req = buildRaw(w.method, w.path, w.headers, w.body);
    const r = await rawRequest(port, req);
    return { status: r.status, body: r.body, requestIdHeader: r.headers['x-request-id'] };
  }
  let res;
  try {
    res = await t.app.inject({
      method: w.method,
      url: w.path,
      headers: Object.fromEntries(w.headers),
      ...(w.body === undefined ? {} : { payload: w.body }),
    });
  } catch {
    return 'unsendable'; // e.g. a header value Node refuses to send
  }
  return { status: res.statusCode, body: res.body, requestIdHeader: res.headers['x-request-id'] as string };
}

function checkEnvelope(a: Answer): string | null {
  let body: Partial<ErrorEnvelope> | null;
  try {
    body = JSON.parse(a.body);
  } catch {
    return 'error body is not JSON';
  }
  if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string')
    return 'no error code/message';
  if (!Array.isArray(body.error.details)) return 'details is not an array';
  const requestId = body.meta?.request_id ?? '';
  if (!/^[0-9a-f]{32}$/.test(requestId)) return 'no meta.request_id';
  if (a.requestIdHeader !== requestId) return 'X-Request-Id differs from meta.request_id';
  if (/\n\s+at |node_modules|\.ts:\d+/.test(a.body)) return 'stack trace in body';
  return null;
}

describe('signature fuzzing through the HTTP layer', () => {
  it(`${RUNS} mutated requests: no 5xx, only documented envelopes, no accepted forgery`, async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/invoices',
      ...(() => {
        const body = JSON.stringify({
          price_amount: '5',
          price_currency: 'EUR',
          pay_currency: 'BTC',
          custom_id: 'fz-1',
        });
        const s = signRequest({
          apiKey: keyA.api_key,
          apiSecret: keyA.api_secret,
          method: 'POST',
          path: '/api/invoices',
          body,
          date: t.clock.now.toUTCString(),
        });
        return { headers: s.headers, payload: body };
      })(),
    });
    expect(created.statusCode, created.body).toBe(201);
    const invoiceId: string = created.json().data.id;
    const bases: Base[] = [
      { method: 'GET', path: `/api/invoices/${invoiceId}` },
      { method: 'GET', path: '/api/invoices?limit=2' },
      { method: 'GET', path: '/api/invoices/custom_id/fz-1' },
      {
        method: 'POST',
        path: '/api/invoices',
        body: JSON.stringify({
          price_amount: '7.5',
          price_currency: 'EUR',
          pay_currency: 'BTC',
          metadata: { é: 'ü' },
        }),
      },
    ];

    const stats = {
      cases: 0,
      raw: 0,
      unsendable: 0,
      accepted: 0,
      acceptedVariants: 0,
      equivalent: new Map<string, number>(),
      byStatus: new Map<number, number>(),
    };
    const failures: string[] = [];
    const started = Date.now();
    let thrown: unknown;
    await fc
      .assert(
        fc.asyncProperty(
          fc.constantFrom(...bases),
          fc.array(mutations(), { minLength: 1, maxLength: 2 }),
          async (base, muts) => {
            let w = signed(base, keyA);
            for (const mut of muts) w = mut.apply(w, base);
            const answer = await send(w);
            stats.cases++;
            if (w.raw) stats.raw++;
            if (answer === 'unsendable') {
              stats.unsendable++;
              return true;
            }
            stats.byStatus.set(answer.status, (stats.byStatus.get(answer.status) ?? 0) + 1);
            const label = `${muts.map((m) => m.name).join(' + ')}: ${w.method} ${JSON.stringify(w.path)} ${JSON.stringify(w.headers)} body=${w.body?.toString('utf8').slice(0, 80)}`;
            const names = muts.map((m) => m.name);
            if (answer.status >= 500)
              failures.push(`${answer.status} for ${label}: ${answer.body.slice(0, 300)}`);
            else if (answer.status >= 400) {
              const bad = checkEnvelope(answer);
              if (bad) failures.push(`${bad} (${answer.status}) for ${label}: ${answer.body.slice(0, 200)}`);
            } else if (answer.status >= 200 && answer.status < 300) {
              stats.accepted++;
              if (!names.every((n) => n === 'none')) stats.acceptedVariants++;
              if (!genuinelySigned(w, t.clock.now.getTime()))
                failures.push(`FORGERY ACCEPTED ${answer.status}: ${label}`);
              const equivalent = equivalentOnly(w);
              if (equivalent) stats.equivalent.set(equivalent, (stats.equivalent.get(equivalent) ?? 0) + 1);
            }
            if (names.every((n) => n === 'none') && (answer.status < 200 || answer.status >= 300))
              failures.push(
                `unmutated request refused ${answer.status}: ${label} ${answer.body.slice(0, 200)}`,
              );
            return failures.length < 25;
          },
        ),
        {
          numRuns: RUNS,
          seed: process.env.SIGNET_FUZZ_SEED ? Number(process.env.SIGNET_FUZZ_SEED) : undefined,
          endOnFailure: true,
        },
      )
      .catch((err: unknown) => (thrown = err));
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `signature fuzz: ${stats.cases} cases in ${seconds.toFixed(1)} s (${stats.raw} over raw HTTP, ${stats.unsendable} unsendable), ` +
        `${stats.accepted} accepted (${stats.acceptedVariants} genuinely signed variants; accepted as equivalent: ${JSON.stringify(Object.fromEntries(stats.equivalent))}), statuses ${JSON.stringify(Object.fromEntries([...stats.byStatus].sort((a, b) => a[0] - b[0])))}`,
    );
    expect(failures).toEqual([]);
    expect(thrown).toBeUndefined();
    expect(stats.cases).toBeGreaterThanOrEqual(RUNS);
  });
});
