import { startLoggedTestApp, type LoggedTestApp } from '../../support/log-capture.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '../../../src/features.js';
import { resetTwoFactor } from '../../../src/features/two-factor/two-factor-service.js';
import { totpSecretContext } from '../../../src/features/two-factor/two-factor-store.js';
import { sealedColumnsOf } from '../../../src/platform/feature.js';
import { addTeamMember, expectEnvelope, PASSWORD, signup } from '../../support/test-app.js';
import {
  asUser,
  auditActions,
  codeNow,
  enrol,
  loginRequest,
  nextStep,
  reasonOf,
  totpAt,
} from './two-factor-kit.js';

let t: LoggedTestApp;
beforeAll(async () => {
  // Everything the app logs is kept: no secret or code may ever be in it.
  t = await startLoggedTestApp({ SIGNET_LOG_LEVEL: 'debug' });
});
afterAll(() => t.close());

describe('enrolment', () => {
  it('starts with a secret and otpauth URL, confirms with a first code, gives ten recovery codes once', async () => {
    const root = await signup(t.app);
    const before = await root.request('GET', '/2fa');
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ enabled: false, enabled_at: null, recovery_codes_remaining: 0 });

    const started = await root.request('POST', '/2fa/totp');
    expect(started.statusCode).toBe(201);
    const { secret, otpauth_url } = started.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 20 bytes, base32
    const url = new URL(otpauth_url);
    expect(url.host).toBe('totp');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('issuer')).toBe('Signet');
    expect(decodeURIComponent(url.pathname)).toBe(`/Signet:${root.body.user.email}`);

    // Pending until confirmed: login still needs no code.
    expect((await root.request('GET', '/2fa')).json().enabled).toBe(false);
    const stillPlain = await loginRequest(t.app, root.body.user.email, PASSWORD);
    expect(stillPlain.statusCode).toBe(200);

    const wrong = await root.request('POST', '/2fa/totp/confirm', { code: '000000' });
    expect(expectEnvelope(wrong, 422, 'validation_failed').error.details[0]).toMatchObject({ field: 'code' });
    const notDigits = await root.request('POST', '/2fa/totp/confirm', { code: 'abc' });
    expectEnvelope(notDigits, 422, 'validation_failed');

    const confirmed = await root.request('POST', '/2fa/totp/confirm', { code: codeNow(t, secret) });
    expect(confirmed.statusCode).toBe(200);
    const codes: string[] = confirmed.json().recovery_codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);

    const status = (await root.request('GET', '/2fa')).json();
    expect(status).toMatchObject({ enabled: true, recovery_codes_remaining: 10, required: false });
    expect(status.enabled_at).toBe(t.clock.now.toISOString());
    expect(status.step_up.factor).toBe('totp');
    // The secret is never shown again, by any response.
    expect(JSON.stringify(status)).not.toContain(secret);

    expectEnvelope(await root.request('POST', '/2fa/totp'), 409, 'conflict');
    expectEnvelope(
      await root.request('POST', '/2fa/totp/confirm', { code: codeNow(t, secret) }),
      409,
      'conflict',
    );
    expect(await auditActions(t, root.body.account.id)).toContain('two_factor.enabled');
  });

  it('a restarted enrolment replaces the pending secret; confirming with the old one fails', async () => {
    const root = await signup(t.app);
    const first = (await root.request('POST', '/2fa/totp')).json().secret as string;
    const second = (await root.request('POST', '/2fa/totp')).json().secret as string;
    expect(second).not.toBe(first);
    const old = await root.request('POST', '/2fa/totp/confirm', { code: codeNow(t, first) });
    expectEnvelope(old, 422, 'validation_failed');
    const ok = await root.request('POST', '/2fa/totp/confirm', { code: codeNow(t, second) });
    expect(ok.statusCode).toBe(200);
  });

  it('confirming without a started enrolment is a 409', async () => {
    const root = await signup(t.app);
    const res = await root.request('POST', '/2fa/totp/confirm', { code: '123456' });
    expect(reasonOf(expectEnvelope(res, 409, 'conflict') && res)).toBe('no_enrolment');
  });

  it('the secret is sealed at rest and the recovery codes are stored hashed', async () => {
    const root = await signup(t.app);
    const { secret, codes } = await enrol(t, root);
    const row = await t.ctx.db.kysely
      .selectFrom('two_factor_totp')
      .selectAll()
      .where('user_id', '=', root.body.user.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(
      t.ctx.keyring.open(
        { keyId: row.secret_key_id, ciphertext: row.secret_enc },
        totpSecretContext(root.body.user.id),
      ),
    ).toBe(secret);
    // Master-key rotation re-seals it with every other secret.
    expect(sealedColumnsOf(FEATURES).map((c) => c.table)).toContain('two_factor_totp');

    const stored = await t.ctx.db.kysely
      .selectFrom('two_factor_recovery_codes')
      .selectAll()
      .where('user_id', '=', root.body.user.id)
      .execute();
    expect(stored).toHaveLength(10);
    const dump = JSON.stringify(stored);
    for (const c of codes) {
      expect(dump).not.toContain(c);
      expect(dump).not.toContain(c.replace(/-/g, ''));
    }
  });
});

describe('login with two-factor authentication', () => {
  it('without a code: 401 totp_required and no session; with the right code: logged in', async () => {
    const root = await signup(t.app);
    const { secret } = await enrol(t, root);
    const email = root.body.user.email;

    const missing = await loginRequest(t.app, email, PASSWORD);
    expectEnvelope(missing, 401, 'totp_required');
    expect(reasonOf(missing)).toBe('totp_required');
    expect(missing.cookies.find((c) => c.name === 'signet_session')).toBeUndefined();
    // An empty code is the same as none.
    expect(reasonOf(await loginRequest(t.app, email, PASSWORD, ''))).toBe('totp_required');

    // A wrong password is still the plain bad-credentials answer, code or not.
    const badPassword = await loginRequest(t.app, email, 'not the password', codeNow(t, secret));
    expectEnvelope(badPassword, 401, 'unauthenticated');
    expect(reasonOf(badPassword)).toBe('invalid_credentials');

    const wrong = await loginRequest(t.app, email, PASSWORD, '000000');
    expectEnvelope(wrong, 401, 'unauthenticated');
    expect(reasonOf(wrong)).toBe('invalid_totp');

    const ok = await loginRequest(t.app, email, PASSWORD, codeNow(t, secret));
    expect(ok.statusCode).toBe(200);
    const me = await asUser(t.app, ok).request('GET', '/me');
    expect(me.statusCode).toBe(200);
  });

  it('accepts the previous and next step (clock drift), not two steps away', async () => {
    const root = await signup(t.app);
    const { secret } = await enrol(t, root);
    const email = root.body.user.email;
    nextStep(t); // the step before this one is not the one that confirmed the enrolment
    expect(reasonOf(await loginRequest(t.app, email, PASSWORD, codeNow(t, secret, -2)))).toBe('invalid_totp');
    expect(reasonOf(await loginRequest(t.app, email, PASSWORD, codeNow(t, secret, 2)))).toBe('invalid_totp');
    expect((await loginRequest(t.app, email, PASSWORD, codeNow(t, secret, -1))).statusCode).toBe(200);
    expect((await loginRequest(t.app, email, PASSWORD, codeNow(t, secret, 1))).statusCode).toBe(200);
  });

  it('a code works once: replayed in its window, or an earlier one after it, is refused', async () => {
    const root = await signup(t.app);
    const { secret } = await enrol(t, root);
    const email = root.body.user.email;
    const code = codeNow(t, secret);
    expect((await loginRequest(t.app, email, PASSWORD, code)).statusCode).toBe(200);
    const replay = await loginRequest(t.app, email, PASSWORD, code);
    expect(reasonOf(replay)).toBe('invalid_totp');
    // 20 s later the same code is still inside its window, and still refused.
    t.clock.advance(20_000);
    expect(reasonOf(await loginRequest(t.app, email, PASSWORD, code))).toBe('invalid_totp');
    // The next step's code works, and then the previous step's (still within the window) does not.
    nextStep(t);
    const now = codeNow(t, secret);
    expect((await loginRequest(t.app, email, PASSWORD, now)).statusCode).toBe(200);
    expect(reasonOf(await loginRequest(t.app, email, PASSWORD, codeNow(t, secret, -1)))).toBe('invalid_totp');
  });

  it('the same code sent twice at once logs in once', async () => {
    const root = await signup(t.app);
    const { secret } = await enrol(t, root);
    const code = codeNow(t, secret);
    const results = await Promise.all(
      [1, 2, 3].map(() => loginRequest(t.app, root.body.user.email, PASSWORD, code)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
  });

  it('a recovery code may be given instead, however typed, and works once', async () => {
    const root = await signup(t.app);
    const { codes } = await enrol(t, root);
    const email = root.body.user.email;
    const typed = ` ${codes[0]!.toUpperCase().replace(/-/g, ' ')} `;
    const ok = await loginRequest(t.app, email, PASSWORD, typed);
    expect(ok.statusCode).toBe(200);
    const again = await loginRequest(t.app, email, PASSWORD, codes[0]);
    expectEnvelope(again, 401, 'unauthenticated');
    expect(reasonOf(again)).toBe('invalid_totp');
    expect((await asUser(t.app, ok).request('GET', '/2fa')).json().recovery_codes_remaining).toBe(9);
    const actions = await auditActions(t, root.body.account.id);
    expect(actions.filter((a) => a === 'two_factor.recovery_code_used')).toHaveLength(1);
    // Another user's recovery code is nothing to this one.
    const other = await signup(t.app);
    const otherCodes = (await enrol(t, other)).codes;
    expect(reasonOf(await loginRequest(t.app, email, PASSWORD, otherCodes[0]))).toBe('invalid_totp');
  });

  it('wrong codes are throttled like wrong passwords', async () => {
    const root = await signup(t.app);
    const { secret } = await enrol(t, root);
    const email = root.body.user.email;
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++)
      status = (await loginRequest(t.app, email, PASSWORD, '000000')).statusCode;
    expect(status).toBe(429);
    // Locked: even the right code is not checked now.
    const locked = await loginRequest(t.app, email, PASSWORD, codeNow(t, secret));
    expectEnvelope(locked, 429, 'rate_limited');
  });
});

describe('turning two-factor authentication off', () => {
  it('needs a valid code; then login asks for none', async () => {
    const root = await signup(t.app);
    const { secret } = await enrol(t, root);
    const wrong = await root.request('DELETE', '/2fa/totp', { code: '000000' });
    expect(expectEnvelope(wrong, 422, 'validation_failed').error.details[0]).toMatchObject({ field: 'code' });
    expectEnvelope(await root.request('DELETE', '/2fa/totp', {}), 422, 'validation_failed');

    const off = await root.request('DELETE', '/2fa/totp', { code: codeNow(t, secret) });
    expect(off.statusCode).toBe(204);
    expect((await root.request('GET', '/2fa')).json()).toMatchObject({
      enabled: false,
      recovery_codes_remaining: 0,
    });
    expect((await loginRequest(t.app, root.body.user.email, PASSWORD)).statusCode).toBe(200);
    expect(await auditActions(t, root.body.account.id)).toContain('two_factor.disabled');
    expectEnvelope(
      await root.request('DELETE', '/2fa/totp', { code: codeNow(t, secret, 1) }),
      409,
      'conflict',
    );

    // Enrolling again gives a new secret; the old one's codes mean nothing.
    const again = await enrol(t, root);
    expect(again.secret).not.toBe(secret);
    const stale = await loginRequest(t.app, root.body.user.email, PASSWORD, codeNow(t, secret));
    expect(reasonOf(stale)).toBe('invalid_totp');
  });

  it('a recovery code turns it off too (a lost phone)', async () => {
    const root = await signup(t.app);
    const { codes } = await enrol(t, root);
    expect((await root.request('DELETE', '/2fa/totp', { code: codes[3] })).statusCode).toBe(204);
    const rows = await t.ctx.db.kysely
      .selectFrom('two_factor_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', root.body.user.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it('recovery codes can be replaced; the old ones stop working', async () => {
    const root = await signup(t.app);
    const { codes } = await enrol(t, root);
    const res = await root.request('POST', '/2fa/recovery-codes');
    expect(res.statusCode).toBe(200);
    const fresh: string[] = res.json().recovery_codes;
    expect(fresh).toHaveLength(10);
    const email = root.body.user.email;
    expect(reasonOf(await loginRequest(t.app, email, PASSWORD, codes[0]))).toBe('invalid_totp');
    expect((await loginRequest(t.app, email, PASSWORD, fresh[0])).statusCode).toBe(200);
  });
});

describe('users and their second factor', () => {
  it('an operator can reset a lost authenticator (signet two-factor reset)', async () => {
    const root = await signup(t.app);
    await enrol(t, root);
    const email = root.body.user.email;
    expect(reasonOf(await loginRequest(t.app, email, PASSWORD))).toBe('totp_required');
    expect(await resetTwoFactor(t.ctx, email.toUpperCase(), 'ops')).toBe(true);
    expect((await loginRequest(t.app, email, PASSWORD)).statusCode).toBe(200);
    const line = await t.ctx.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('account_id', '=', root.body.account.id)
      .where('action', '=', 'two_factor.disabled')
      .executeTakeFirstOrThrow();
    expect(line).toMatchObject({ actor: 'operator:ops', target: `${email} (reset by the operator)` });
    expect(await resetTwoFactor(t.ctx, 'nobody@example.com', 'ops')).toBe(false);
  });

  it('a member with two-factor authentication can be removed (their rows go with them)', async () => {
    const root = await signup(t.app);
    const admin = await addTeamMember(t.app, root, 'admin');
    await enrol(t, admin);
    expect((await root.request('DELETE', `/users/${admin.body.user.id}`)).statusCode).toBe(204);
    const left = await t.ctx.db.kysely
      .selectFrom('two_factor_totp')
      .select('user_id')
      .where('user_id', '=', admin.body.user.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('every user enrols for themselves: one user’s authenticator is nothing to another', async () => {
    const root = await signup(t.app);
    const admin = await addTeamMember(t.app, root, 'view');
    const { secret } = await enrol(t, root);
    expect((await admin.request('GET', '/2fa')).json().enabled).toBe(false);
    const res = await loginRequest(t.app, admin.body.user.email, PASSWORD, totpAt(secret, t.clock.now));
    expect(res.statusCode).toBe(200); // the code is ignored: the view user has no second factor
  });
});

describe('the contract', () => {
  it('lists the two-factor routes in /openapi.json', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of [
      '/dashboard/api/2fa',
      '/dashboard/api/2fa/totp',
      '/dashboard/api/2fa/totp/confirm',
      '/dashboard/api/2fa/recovery-codes',
      '/dashboard/api/session/step-up',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(
      doc.paths['/dashboard/api/session'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('totp');
  });

  it('no secret, code or recovery code ever reached the log', async () => {
    const root = await signup(t.app);
    const { secret, codes } = await enrol(t, root);
    await loginRequest(t.app, root.body.user.email, PASSWORD, codes[1]);
    await root.request('POST', '/session/step-up', { code: codeNow(t, secret) });
    expect(t.log.text.length).toBeGreaterThan(0);
    expect(t.log.text).not.toContain(secret);
    for (const c of codes) {
      expect(t.log.text).not.toContain(c);
      expect(t.log.text).not.toContain(c.replace(/-/g, ''));
    }
    expect(t.log.text).not.toContain(PASSWORD);
  });
});
