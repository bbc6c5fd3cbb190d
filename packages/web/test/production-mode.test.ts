import { describe, expect, it } from 'vitest';
import {
  activateAllAccounts,
  browserSuite,
  screenshot,
  type Session,
  signupInUi,
} from './support/browser.js';

const suite = browserSuite({ SIGNET_MODE: 'production' });

/** A pending account's Integration page loads its sections and gets 403 account_not_activated for each. */
function expectNotActivated(session: Session) {
  for (const path of [
    '/dashboard/api/callback-settings',
    '/dashboard/api/api-keys',
    '/dashboard/api/callbacks',
  ]) {
    session.expect({ method: 'GET', path, status: 403 });
  }
}

describe('production mode', () => {
  it('a pending account sees the activation banner with disabled controls; after activation "Check again" unlocks the page', async () => {
    const s = await suite.open();
    const { page } = s;
    expectNotActivated(s);
    await signupInUi(s, 'Pending Ltd');

    const banner = page.getByRole('status').filter({ hasText: 'This account is waiting for activation' });
    await banner.waitFor();
    const accountId = (
      await suite.d.ctx.db.kysely
        .selectFrom('accounts')
        .select('id')
        .where('name', '=', 'Pending Ltd')
        .executeTakeFirstOrThrow()
    ).id;
    expect(await banner.innerText()).toContain(`signet accounts activate ${accountId}`);
    expect(await page.getByRole('banner').innerText()).toContain('Pending');

    expect(await page.getByRole('button', { name: 'Create API key' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send test callback' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save URL' }).isDisabled()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'Callback URL' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Reveal secret' }).isDisabled()).toBe(true);
    // Production: no sandbox pages in the navigation.
    const navLinks = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
    expect(navLinks).not.toContain('Test invoices');
    await screenshot(page, 'integration-api-pending-account');

    // The operator activates the account; the user checks again without reloading.
    await activateAllAccounts(suite.d);
    await banner.getByRole('button', { name: 'Check again' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(await page.getByRole('banner').innerText()).toContain('Active');
    await page.getByRole('textbox', { name: 'Callback URL' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Callback URL' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save URL' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Create API key' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send test callback' }).isEnabled()).toBe(true);
    expect(await page.getByText('Available once an operator activates this account.').count()).toBe(0);
    await page.getByRole('region', { name: 'API keys' }).getByText('No API keys yet').waitFor();
    await page.getByRole('region', { name: 'Callbacks history' }).getByText('No callbacks yet').waitFor();
  });

  it('an active account: a non-https callback URL is refused next to the field (client check, then server 422); https saves', async () => {
    const s = await suite.open();
    const { page } = s;
    expectNotActivated(s); // until the reload below, the page saw the account as pending
    await signupInUi(s, 'Active Ltd');
    await activateAllAccounts(suite.d);
    // The signup answer said "pending"; reload so the page asks again.
    await page.reload();
    const callback = page.getByRole('region', { name: 'Callback' });
    const urlBox = callback.getByRole('textbox', { name: 'Callback URL' });
    await urlBox.waitFor();
    expect(await urlBox.isEnabled()).toBe(true);

    const fieldError = async () => {
      const id = (await urlBox.getAttribute('aria-describedby'))
        ?.split(' ')
        .find((x) => x.endsWith('-error'));
      expect(id, 'the error is tied to the field with aria-describedby').toBeTruthy();
      const el = page.locator(`[id="${id}"]`);
      expect(await el.getAttribute('role')).toBe('alert');
      return el.innerText();
    };

    // Client-side: not a URL at all / not http(s).
    await urlBox.fill('not a url');
    await callback.getByRole('button', { name: 'Save URL' }).click();
    expect(await urlBox.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError()).toMatch(/Enter a full URL/);
    await urlBox.fill('ftp://example.com/callbacks');
    await callback.getByRole('button', { name: 'Save URL' }).click();
    expect(await fieldError()).toMatch(/https/);

    // Server-side: plain http is refused in production mode; the 422 lands under the field.
    s.expect({ method: 'PUT', path: '/dashboard/api/callback-settings', status: 422 });
    await urlBox.fill('http://127.0.0.1:9/callbacks');
    await callback.getByRole('button', { name: 'Save URL' }).click();
    await callback.getByRole('alert').filter({ hasText: /https/ }).waitFor();
    expect(await urlBox.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError()).toMatch(/must use https/i);
    expect(await callback.getByRole('status').filter({ hasText: 'Callback URL saved.' }).count()).toBe(0);
    await screenshot(page, 'integration-api-callback-url-error', false);

    // Typing clears the error; https is accepted.
    await urlBox.fill('https://merchant.example/signet/callbacks');
    expect(await urlBox.getAttribute('aria-invalid')).toBeNull();
    await callback.getByRole('button', { name: 'Save URL' }).click();
    await callback.getByRole('status').filter({ hasText: 'Callback URL saved.' }).waitFor();
    await page.reload();
    // The box is shown before the saved URL has loaded into it: wait for the value, not the box.
    const saved = 'https://merchant.example/signet/callbacks';
    const reloaded = page.getByRole('textbox', { name: 'Callback URL' });
    await page.waitForFunction(
      ([label, value]) =>
        [...document.querySelectorAll('input')].some(
          (i) => i.labels?.[0]?.textContent?.includes(label) && i.value === value,
        ),
      ['Callback URL', saved] as const,
      { timeout: 10_000 },
    );
    expect(await reloaded.inputValue()).toBe(saved);
  });
});
