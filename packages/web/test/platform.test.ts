import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_SIGNATURE_HEADER, SignetPlatform, verifyCallback } from '../../client/src/index.js';
import { startReceiver } from '../../server/test/support/callback-receiver.js';
import { ANONYMOUS_ME, browserSuite, screenshot, uniqueEmail, waitForDelivered } from './support/browser.js';

// The operator's side of issue 11: a service token from the real CLI, the platform API over HTTP
// (`SignetPlatform`), and what a person sees in Chromium when they follow a portal link.
// The callback worker runs in the app, and may reach the receiver on 127.0.0.1.
const suite = browserSuite({ SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8' }, { startBackground: true });

/** The two final pages are also written here for review, outside the repository. */
const TOOLS_DIR = '/work/tools';
const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../server/dist/cli.js');

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let platform: SignetPlatform;

/** `signet tokens create --json`, run as the operator would: a process of its own on the same database. */
async function createServiceToken(
  scopes: string[],
): Promise<{ id: string; scopes: string[]; token: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, SIGNET_LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.SIGNET_MASTER_KEY;
  Object.assign(env, suite.d.storageEnv); // the dashboard's SQLite directory or PostgreSQL schema
  const { stdout } = await run(
    process.execPath,
    [cli, 'tokens', 'create', '--name', 'web-platform-test', '--scopes', scopes.join(','), '--json'],
    { env },
  );
  return JSON.parse(stdout) as { id: string; scopes: string[]; token: string };
}

beforeAll(async () => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  receiver = await startReceiver();
  const scopes = ['portal', 'events:write', 'accounts:write', 'accounts:read'];
  const token = await createServiceToken(scopes);
  expect(token.scopes).toEqual(scopes);
  expect(token.token).toMatch(/^sgt_/);
  platform = new SignetPlatform({ baseUrl: suite.d.url, token: token.token });
});
afterAll(async () => {
  await receiver?.close();
});

/** An account provisioned and activated through the platform API, as the operator's backend would. */
async function provisionAccount(name: string) {
  const { account } = await platform.createAccount({
    name,
    external_id: `ext-${uniqueEmail('acct').split('@')[0]}`,
  });
  const activated = await platform.activateAccount(account.id);
  expect(activated).toMatchObject({ id: account.id, name, status: 'active' });
  return activated;
}

async function toolsScreenshot(page: Page, file: string) {
  fs.mkdirSync(TOOLS_DIR, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(TOOLS_DIR, file), fullPage: true, animations: 'disabled' });
}

describe('platform API seen from the dashboard', () => {
  it('a portal link logs a new person in on Integration › API with their e-mail and role; used once, it is refused', async () => {
    const account = await provisionAccount('Portal Landing Ltd');
    const email = uniqueEmail('support');
    const link = await platform.createPortalSession(account.id, { email, role: 'support' });
    expect(link.url.startsWith(`${suite.d.url}/portal/`)).toBe(true);
    const ttl = Date.parse(link.expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(4 * 60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);

    // The person follows the link: a 302 with the session cookie, onto Integration › API.
    const s = await suite.open();
    const { page } = s;
    await page.goto(link.url);
    await page.waitForURL(`${suite.d.url}/integration/api`);
    expect(new URL(page.url()).pathname).toBe('/integration/api');
    await page.getByRole('heading', { level: 1, name: 'Integration › API' }).waitFor();

    // Who they are: the header names the account, the person's e-mail and role.
    const banner = page.getByRole('banner');
    await banner.getByRole('button', { name: 'Log out' }).waitFor();
    const header = await banner.innerText();
    expect(header).toContain('Portal Landing Ltd');
    expect(header).toContain(email);
    expect(header).toContain('Support');
    expect(await banner.getByText(email, { exact: true }).isVisible()).toBe(true);
    expect(await banner.getByText('Support', { exact: true }).isVisible()).toBe(true);

    // The link's role applies: Support may not manage credentials, so the page shows the access
    // rule instead of the key and callback controls, and the navigation has no API entry.
    const rule = page
      .getByRole('status')
      .filter({ hasText: 'Only Root and Admin users can manage API credentials.' });
    await rule.waitFor();
    expect(await rule.innerText()).toContain('You are signed in with the Support role.');
    expect(await page.getByRole('button', { name: 'Create API key' }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Callback URL' }).count()).toBe(0);
    const navLinks = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
    expect(navLinks).toContain('Overview');
    expect(navLinks).not.toContain('API');
    expect(navLinks).not.toContain('Users');

    // The session is a real one: it survives a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Integration › API' }).waitFor();
    expect(await page.getByRole('banner').innerText()).toContain(email);
    await toolsScreenshot(page, 'web-portal-landing.png');

    // The same link, opened again by someone else (a fresh context, no cookie): refused, no dashboard.
    const other = await suite.open();
    other.expect(ANONYMOUS_ME);
    await other.page.goto(link.url);
    // A person's browser is sent to the login page, which says why (scripts still get the 404 envelope).
    await other.page.waitForURL((u) => u.pathname === '/login');
    expect(new URL(other.page.url()).searchParams.get('portal')).toBe('expired');
    await other.page.getByText('This sign-in link has expired or was already used.').waitFor();
    expect(await other.context.cookies()).toEqual([]);
    expect(await other.page.getByRole('button', { name: 'Log out' }).count()).toBe(0);
    expect(await other.page.getByRole('heading', { name: 'Integration › API' }).count()).toBe(0);
    await screenshot(other.page, 'portal-link-used', false);
  });

  it('the callbacks history badges a platform-published event apart from a callback of Signet’s own', async () => {
    const account = await provisionAccount('Source Badge Ltd');
    const email = uniqueEmail('admin');
    const link = await platform.createPortalSession(account.id, { email, role: 'admin' });

    const s = await suite.open();
    const { page } = s;
    await page.goto(link.url);
    await page.waitForURL(`${suite.d.url}/integration/api`);
    await page.getByRole('heading', { level: 1, name: 'Integration › API' }).waitFor();
    const header = await page.getByRole('banner').innerText();
    expect(header).toContain(email);
    expect(header).toContain('Admin');
    // Unlike Support, Admin manages the integration.
    expect(await page.getByRole('button', { name: 'Create API key' }).isEnabled()).toBe(true);

    // The admin points callbacks at the local receiver and reads the secret.
    const callback = page.getByRole('region', { name: 'Callback' });
    await callback.getByRole('textbox', { name: 'Callback URL' }).fill(receiver.url);
    await callback.getByRole('button', { name: 'Save URL' }).click();
    await callback.getByRole('status').filter({ hasText: 'Callback URL saved.' }).waitFor();
    await callback.getByRole('button', { name: 'Reveal secret' }).click();
    await callback.getByRole('button', { name: 'Hide secret' }).waitFor();
    const secret = await callback.getByRole('textbox', { name: 'Callback secret', exact: true }).inputValue();
    await callback.getByRole('button', { name: 'Hide secret' }).click();

    // One built-in callback (Signet's test callback) and one event from the operator's backend.
    const history = page.getByRole('region', { name: 'Callbacks history' });
    await history.getByText('No callbacks yet').waitFor();
    await history.getByRole('button', { name: 'Send test callback' }).click();
    await history.getByRole('status').filter({ hasText: 'Test callback queued' }).waitFor();
    const published = await platform.publishEvent(account.id, {
      type: 'Subscription',
      event: 'renewed',
      data: { plan: 'pro', period: '2026-12' },
    });
    expect(published.event_id).toBeTruthy();

    // Bounded: refresh until the worker has delivered both.
    await waitForDelivered(page, 2, 20_000);
    expect(receiver.received).toHaveLength(2);
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as { type: string; event: string });
    expect(bodies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Test', event: 'test' }),
        expect.objectContaining({
          type: 'Subscription',
          event: 'renewed',
          data: { plan: 'pro', period: '2026-12' },
        }),
      ]),
    );
    // Both are signed alike, with the account's callback secret.
    for (const r of receiver.received) {
      const signature = r.headers[CALLBACK_SIGNATURE_HEADER.toLowerCase()] as string;
      expect(verifyCallback(r.body, signature, secret)).toBe(true);
    }
    const platformDelivery = receiver.received.find((r) => r.body.includes('"Subscription"'))!;
    expect(platformDelivery.headers['x-signet-event-id']).toBe(published.event_id);

    // Each row carries its source badge: "Platform" for the published event, "Signet" for the test.
    const table = history.getByRole('table', { name: 'Callbacks' });
    const rowOf = (label: string) =>
      table.getByRole('row').filter({ has: page.getByRole('button', { name: label, exact: true }) });
    const platformRow = rowOf('Subscription · renewed');
    const signetRow = rowOf('Test · test');
    expect(await platformRow.count()).toBe(1);
    expect(await signetRow.count()).toBe(1);
    const platformBadge = platformRow.getByTestId('callback-source');
    const signetBadge = signetRow.getByTestId('callback-source');
    expect(await platformBadge.innerText()).toBe('Platform');
    expect(await platformBadge.getAttribute('title')).toBe(
      'Published by your platform through the platform API',
    );
    expect(await signetBadge.innerText()).toBe('Signet');
    expect(await signetBadge.getAttribute('title')).toBe('Sent by Signet when a resource changed');
    expect(await platformBadge.isVisible()).toBe(true);
    expect(await signetBadge.isVisible()).toBe(true);
    expect(await platformRow.innerText()).toContain('Delivered');
    expect(await signetRow.innerText()).toContain('Delivered');

    // The platform row expands into its source and the event id the publish answered.
    await platformRow.getByRole('button', { name: 'Subscription · renewed', exact: true }).click();
    const details = await history.innerText();
    expect(details).toContain('Published by your platform through the platform API');
    expect(details).toContain(published.event_id);
    const attempts = history.getByRole('table', { name: /^Delivery attempts for callback / });
    expect(await attempts.innerText()).toContain('HTTP 200');

    await toolsScreenshot(page, 'web-history-source.png');
  });
});
