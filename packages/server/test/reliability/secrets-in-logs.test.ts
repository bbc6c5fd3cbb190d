import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { signRequest } from '@signet/client';
import { startReceiver } from '../support/callback-receiver.js';
import { PASSWORD, sessionCookie, startTestApp, uniqueEmail, type TestApp } from '../support/test-app.js';
import { buildRaw, rawRequest } from './raw-http.js';
import { sleep } from './signed-fetch.js';

/**
 * A realistic session against a server logging at `trace` (everything pino can emit), then every
 * secret it created or received is searched for in the captured log: API secrets, callback
 * secrets (first, revealed, regenerated), passwords (right and wrong), session cookies, CSRF
 * tokens, invitation tokens, the master key. None may appear, raw or percent-encoded.
 */
describe('secrets never appear in logs', () => {
  let t: TestApp | undefined;
  afterAll(async () => t?.close());

  it('a full session at trace level leaks none of its secrets', async () => {
    let logs = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logs += chunk.toString('utf8');
        cb();
      },
    });
    t = await startTestApp(
      { SIGNET_LOG_LEVEL: 'trace', SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8' },
      { logStream: sink, startBackground: true },
    );
    const app = t.app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const secrets = new Map<string, string>(); // value -> what it is
    const keep = (what: string, value: string | undefined) => {
      if (!value) throw new Error(`no ${what}`);
      secrets.set(value, what);
      return value;
    };

    // Sign-up, a wrong password, a right one.
    const email = uniqueEmail('logs');
    const rootPassword = keep('root password', `${PASSWORD} root-${Date.now()}`);
    const signup = await app.inject({
      method: 'POST',
      url: '/dashboard/api/signup',
      payload: { business_name: 'Logs Ltd', email, password: rootPassword },
    });
    expect(signup.statusCode).toBe(201);
    keep('signup session cookie', sessionCookie(signup).split('=')[1]);
    keep('signup csrf token', signup.json().csrf_token);
    const wrong = keep('wrong password', 'not-the-password-but-close-9f8e7d');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/dashboard/api/session',
          payload: { email, password: wrong },
        })
      ).statusCode,
    ).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/dashboard/api/session',
      payload: { email, password: rootPassword },
    });
    expect(login.statusCode).toBe(200);
    const cookie = sessionCookie(login);
    keep('login session cookie', cookie.split('=')[1]);
    const csrf = keep('login csrf token', login.json().csrf_token);
    const dash = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      app.inject({
        method,
        url: `/dashboard/api${url}`,
        headers: { cookie, 'x-csrf-token': csrf },
        ...(payload ? { payload } : {}),
      });
    expect((await dash('GET', '/me')).statusCode).toBe(200);

    // API keys.
    const keys: { api_key: string; api_secret: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await dash('POST', '/api-keys', {
        name: `key ${i}`,
        permissions: ['invoices:read', 'invoices:write'],
      });
      expect(res.statusCode).toBe(201);
      keep(`api secret ${i}`, res.json().api_secret);
      keys.push(res.json());
    }

    // Callback secret: reveal, regenerate, reveal; then real deliveries signed with it.
    keep('callback secret (first)', (await dash('GET', '/callback-settings/secret')).json().callback_secret);
    keep(
      'callback secret (regenerated)',
      (await dash('POST', '/callback-settings/secret')).json().callback_secret,
    );
    keep(
      'callback secret (revealed)',
      (await dash('GET', '/callback-settings/secret')).json().callback_secret,
    );
    const receiver = await startReceiver();
    expect((await dash('PUT', '/callback-settings', { callback_url: receiver.url })).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await dash('POST', '/callbacks/test')).statusCode).toBe(202);

    // Signed merchant requests: good ones, a bad signature, and a body that is not JSON.
    const signed = async (key: (typeof keys)[0], method: 'GET' | 'POST', url: string, body?: string) => {
      const s = signRequest({
        apiKey: key.api_key,
        apiSecret: key.api_secret,
        method,
        path: url,
        body,
        date: t!.clock.now.toUTCString(),
      });
      return app.inject({
        method,
        url,
        headers: s.headers,
        ...(body === undefined ? {} : { payload: body }),
      });
    };
    const invoice = await signed(
      keys[0]!,
      'POST',
      '/api/invoices',
      JSON.stringify({ price_amount: '10', price_currency: 'EUR', pay_currency: 'BTC' }),
    );
    expect(invoice.statusCode).toBe(201);
    expect((await signed(keys[1]!, 'GET', `/api/invoices/${invoice.json().data.id}`)).statusCode).toBe(200);
    expect(
      (await signed({ api_key: keys[2]!.api_key, api_secret: 'wrong' }, 'GET', '/api/invoices')).statusCode,
    ).toBe(401);
    // A secret pasted into a broken body: JSON parse errors quote the input they choke on.
    expect(
      (await signed(keys[2]!, 'POST', '/api/invoices', `{"note":"${keys[2]!.api_secret}" oops}`)).statusCode,
    ).toBe(400);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/dashboard/api/session',
          headers: { 'content-type': 'application/json' },
          payload: `{"email":"${email}","password":"${rootPassword}"x`,
        })
      ).statusCode,
    ).toBe(400);

    // Invitations: the token travels in the URL path.
    const invitedPassword = keep('invited user password', `${PASSWORD} invited-${Date.now()}`);
    const inv = await dash('POST', '/invitations', { email: uniqueEmail('invited'), role: 'admin' });
    expect(inv.statusCode).toBe(201);
    const link = new URL(inv.json().invitation_url);
    const token = keep('invitation token', link.pathname.split('/').pop());
    // The invitee opens the link (served to the dashboard app), then the app accepts through the API.
    await app.inject({ method: 'GET', url: `${link.pathname}?utm_source=mail` });
    const accepted = await app.inject({
      method: 'POST',
      url: `/dashboard/api/invitations/${token}/accept`,
      payload: { password: invitedPassword },
    });
    expect(accepted.statusCode).toBe(201);
    keep('invited session cookie', sessionCookie(accepted).split('=')[1]);
    keep('invited csrf token', accepted.json().csrf_token);
    // A second (refused) use of the same token, and a made-up token in a query string.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/dashboard/api/invitations/${token}/accept?again=${token}`,
          payload: { password: invitedPassword },
        })
      ).statusCode,
    ).toBeGreaterThanOrEqual(400);

    // Malformed HTTP carrying credentials (the parser's error holds the raw bytes).
    const s = signRequest({
      apiKey: keys[0]!.api_key,
      apiSecret: keys[0]!.api_secret,
      method: 'GET',
      path: '/api/invoices',
    });
    const raw = buildRaw('GET', '/api/invoices', [
      ['Authorization', s.headers.Authorization],
      ['Date', s.headers.Date],
      ['Cookie', cookie],
      ['X-CSRF-Token', csrf],
      ['X-Broken', 'a\u0000b'],
    ]);
    expect((await rawRequest(port, raw)).status).toBe(400);
    // The same credentials over a well-formed real connection.
    const ok = await rawRequest(
      port,
      buildRaw('GET', '/dashboard/api/me', [
        ['Cookie', cookie],
        ['X-CSRF-Token', csrf],
      ]),
    );
    expect(ok.status).toBe(200);

    // Let the callbacks be delivered, then log out and close (flushes usage and the logger).
    const deadline = Date.now() + 20_000;
    while (receiver.received.length < 3 && Date.now() < deadline) await sleep(50);
    expect(receiver.received.length).toBeGreaterThanOrEqual(3);
    await receiver.close();
    expect((await dash('DELETE', '/session')).statusCode).toBe(204);
    const masterKeyFile = path.join(t.config.dataDir, 'master.key');
    if (fs.existsSync(masterKeyFile)) keep('master key', fs.readFileSync(masterKeyFile, 'utf8').trim());
    await t.close();
    t = undefined;
    await sleep(50);

    const lines = logs.split('\n').filter(Boolean);
    // The capture really saw the session: one access-log line per request, URLs redacted, not dropped.
    const completed = lines.filter((l) => l.includes('"msg":"request completed"'));
    expect(completed.length).toBeGreaterThan(15);
    expect(completed.some((l) => l.includes('/dashboard/api/invitations/[redacted]/accept'))).toBe(true);
    const leaks: string[] = [];
    for (const [value, what] of secrets) {
      for (const form of new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])) {
        const line = lines.find((l) => l.includes(form));
        if (line) leaks.push(`${what} appears in: ${line.slice(0, 300)}`);
      }
    }
    // Credential headers are redacted wherever a request is logged.
    const authHeaderLines = lines.filter((l) =>
      /"authorization":"HMAC|"cookie":"signet_session|"x-csrf-token":"[^[]/i.test(l),
    );
    console.log(
      `secrets in logs: ${secrets.size} secrets searched in ${lines.length} log lines (${(logs.length / 1024).toFixed(0)} KiB at trace level): ${leaks.length} leaks`,
    );
    expect(leaks).toEqual([]);
    expect(authHeaderLines).toEqual([]);
  });
});
