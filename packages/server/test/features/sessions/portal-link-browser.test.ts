import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccount } from '../../../src/features/accounts/index.js';
import { expectEnvelope, startTestApp, uniqueEmail, type TestApp } from '../../support/test-app.js';
import { createServiceToken, platformRequest } from '../platform/platform-test-kit.js';

let t: TestApp;
let portal: string;
beforeAll(async () => {
  t = await startTestApp();
  portal = (await createServiceToken(t, ['portal'])).token;
});
afterAll(() => t.close());

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

async function link(accountId: string, email: string): Promise<string> {
  const res = await platformRequest(t, portal, 'POST', `/accounts/${accountId}/portal-sessions`, {
    email,
    role: 'view',
  });
  expect(res.statusCode).toBe(201);
  return new URL(res.json().url).pathname;
}

/** A person opening a refused link sees the login page saying why; a script still gets the envelope. */
describe('a refused portal link opened by a browser', () => {
  it('a used link redirects to /login?portal=expired, setting no cookie', async () => {
    const account = await insertAccount(t.ctx, t.ctx.db.kysely, 'Browser Co', 'active');
    const path = await link(account.id, uniqueEmail('p'));
    expect((await t.app.inject({ method: 'GET', url: path, headers: HTML })).statusCode).toBe(302);
    const again = await t.app.inject({ method: 'GET', url: path, headers: HTML });
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe('/login?portal=expired');
    expect(again.cookies).toEqual([]);
    expect(again.headers['cache-control']).toBe('no-store');
    expectEnvelope(await t.app.inject({ method: 'GET', url: path }), 404, 'not_found');
  });

  it('an unknown link too', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/portal/not-a-token', headers: HTML });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/login?portal=expired');
  });

  it('a link for a person who has become another account’s user redirects to /login?portal=refused', async () => {
    const a = await insertAccount(t.ctx, t.ctx.db.kysely, 'A', 'active');
    const b = await insertAccount(t.ctx, t.ctx.db.kysely, 'B', 'active');
    const email = uniqueEmail('p');
    const intoB = await link(b.id, email);
    expect(
      (await t.app.inject({ method: 'GET', url: await link(a.id, email), headers: HTML })).statusCode,
    ).toBe(302);
    const refused = await t.app.inject({ method: 'GET', url: intoB, headers: HTML });
    expect(refused.headers.location).toBe('/login?portal=refused');
    expect(refused.cookies).toEqual([]);
  });
});
