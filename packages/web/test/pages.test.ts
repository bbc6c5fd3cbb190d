import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup as apiSignup } from '../../server/test/support/test-app.js';
import { startReceiver } from '../../server/test/support/callback-receiver.js';
import {
  ANONYMOUS_ME,
  browserSuite,
  createKeyInUi,
  PASSWORD,
  screenshot,
  uniqueEmail,
  waitForDelivered,
} from './support/browser.js';

/**
 * Every main page rendered with real data, saved as PNGs in test-artifacts/screenshots/ (looked at by
 * a person; the assertions here check what a screenshot cannot: roles, names, overflow).
 */

const suite = browserSuite({ SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8' }, { startBackground: true });
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

/** The elements sticking out furthest to the right, for a useful failure message. */
function widest(page: Page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const clipped = (el: HTMLElement) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const all = Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter((x) => x.right > vw + 1);
    // Prefer elements outside scroll boxes; absolutely positioned ones may escape a box that is not
    // their containing block, so fall back to everything.
    const unclipped = all.filter((x) => !clipped(x.el));
    return (unclipped.length ? unclipped : all)
      .sort((a, b) => b.right - a.right)
      .slice(0, 5)
      .map((x) => `${x.el.tagName.toLowerCase()}.${x.el.className} → ${Math.round(x.right)}px`)
      .join('; ');
  });
}

describe('dashboard pages', () => {
  it('login, signup, Integration › API with keys and history, sandbox invoices, audit log, not found', async () => {
    const s = await suite.open({ expected: [ANONYMOUS_ME] });
    const { page } = s;

    // Login: a wrong password gets one message for every bad credential.
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Log in to Signet' }).waitFor();
    s.expect({ method: 'POST', path: '/dashboard/api/session', status: 401 });
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' }).waitFor();
    await screenshot(page, 'login');

    // Signup: empty submit shows the field errors, then a real signup.
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your Signet account' }).waitFor();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter your business name.' }).waitFor();
    await screenshot(page, 'signup-errors');
    const email = uniqueEmail('root');
    await page.getByLabel('Business name').fill('Northwind Payments');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await screenshot(page, 'signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Integration › API' }).waitFor();
    expect(await page.title()).toBe('Integration › API · Signet');

    // Integration › API with a callback URL, two keys and a delivered callback.
    await page.getByRole('textbox', { name: 'Callback URL' }).fill(receiver.url);
    await page.getByRole('button', { name: 'Save URL' }).click();
    await page.getByRole('status').filter({ hasText: 'Callback URL saved.' }).waitFor();
    await createKeyInUi(page, 'Checkout server', ['invoices:read', 'invoices:write', 'accounts:read']);
    await createKeyInUi(page, 'Reporting job', ['transactions:read'], ['203.0.113.0/24', '2001:db8::1']);
    await page.getByRole('button', { name: 'Send test callback' }).click();
    await waitForDelivered(page);
    await page.getByRole('button', { name: 'Test · test', exact: true }).click();
    await screenshot(page, 'integration-api');
    const keysText = await page.getByRole('table', { name: 'API keys' }).innerText();
    expect(keysText).toContain('Checkout server');
    expect(keysText).toContain('203.0.113.0/24');
    expect(keysText).toContain('Any IP');

    // Sandbox invoices: create one, simulate a payment, its callbacks arrive in the history.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Test invoices' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sandbox invoices' }).waitFor();
    const create = page.getByRole('form', { name: 'Create test invoice' });
    await create.getByLabel('Price amount').fill('250');
    await create.getByRole('button', { name: 'Create test invoice' }).click();
    const invoices = page.getByRole('table', { name: 'Test invoices' });
    await invoices.waitFor();
    expect(await invoices.innerText()).toContain('250.00 EUR');
    await invoices.getByRole('button', { name: /^Simulate payment for invoice / }).click();
    const simulate = page.getByRole('dialog', { name: 'Simulate payment' });
    await simulate.getByRole('combobox', { name: 'Target status' }).selectOption('completed');
    await screenshot(page, 'sandbox-simulate-dialog', false);
    await simulate.getByRole('button', { name: 'Simulate' }).click();
    await simulate.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Payment simulated' }).waitFor();
    expect(await invoices.innerText()).toMatch(/Completed/);
    await screenshot(page, 'sandbox-invoices');

    // Audit log: the credential actions above, with actor and IP.
    await nav.getByRole('link', { name: 'Audit log' }).click();
    const audit = page.getByRole('table', { name: 'Audit log' });
    await audit.waitFor();
    const auditText = await audit.innerText();
    for (const action of [/api.?key.?created/i, /callback.?url/i, /callback.?test/i, /simulated/i])
      expect(auditText).toMatch(action);
    expect(auditText).toContain(email);
    expect(auditText).toContain('127.0.0.1');
    await screenshot(page, 'audit-log');

    // Unknown paths.
    await page.goto('/no/such/page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await screenshot(page, 'not-found');
  });

  it('390 px wide: Menu button toggles the navigation, the page never scrolls sideways', async () => {
    // Data through the API, then the browser joins with the same session cookie.
    const root = await apiSignup(suite.d.app, 'Narrow Screens Ltd');
    const created = await root.request('POST', '/api-keys', {
      name: 'Mobile backend with a rather long descriptive name',
      permissions: ['invoices:read', 'invoices:write', 'subscriptions:read', 'customers:read'],
      ip_whitelist: ['2001:db8:85a3::8a2e:370:7334/128', '198.51.100.0/24'],
    });
    expect(created.statusCode).toBe(201);
    await root.request('PUT', '/callback-settings', { callback_url: receiver.url });
    await root.request('POST', '/callbacks/test');

    const s = await suite.open({ viewport: { width: 390, height: 844 } });
    const { context, page } = s;
    const [name, value] = root.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: suite.d.url }]);
    await page.goto('/integration/api');
    await page.getByRole('heading', { level: 1, name: 'Integration › API' }).waitFor();
    await waitForDelivered(page);

    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await screenshot(page, 'integration-api-390px');
    expect(await overflow(), `horizontal overflow at 390 px: ${await widest(page)}`).toBeLessThanOrEqual(0);

    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    const apiLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API' });
    expect(await apiLink.isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await apiLink.waitFor({ state: 'visible' });
    await screenshot(page, 'integration-api-390px-menu-open', false);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('table', { name: 'Audit log' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(
      await overflow(),
      `horizontal overflow on the audit log at 390 px: ${await widest(page)}`,
    ).toBeLessThanOrEqual(0);

    // The create dialog fits the narrow screen too.
    await page.goto('/integration/api');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByRole('checkbox', { name: 'invoices:read', exact: true }).waitFor();
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'create-key-dialog-390px', false);
  });
});
