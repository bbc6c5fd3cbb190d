import { describe, expect, it } from 'vitest';
import { SignetApiError, SignetClient } from '../../client/src/index.js';
import { browserSuite, screenshot, signupInUi } from './support/browser.js';

const suite = browserSuite();

describe('Integration › API: API keys (sandbox)', () => {
  it('creates a key whose secret is shown once, signs a real request with it, deletes it, and the next request is refused', async () => {
    const s = await suite.open();
    const { page } = s;
    const { email } = await signupInUi(s);

    // Create: name, invoices:read + accounts:read, no IP whitelist.
    await page.getByRole('button', { name: 'Create API key' }).click();
    const form = page.getByRole('dialog', { name: 'Create API key' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Checkout server');
    await form.getByRole('checkbox', { name: 'invoices:read', exact: true }).check();
    await form.getByRole('checkbox', { name: 'accounts:read', exact: true }).check();
    await form.getByRole('button', { name: 'Create key' }).click();

    // The one-time panel: key + secret, Done only after "I have stored it", Esc does not close it.
    const panel = page.getByRole('dialog', { name: 'API key created' });
    await panel.waitFor();
    await panel.getByTestId('api-secret-panel').waitFor();
    const apiKey = await panel.getByRole('textbox', { name: 'API key', exact: true }).inputValue();
    const apiSecret = await panel.getByRole('textbox', { name: 'API secret', exact: true }).inputValue();
    expect(apiKey.length).toBeGreaterThan(8);
    expect(apiSecret.length).toBeGreaterThan(16);
    expect(await panel.getByText('It will never be shown again').isVisible()).toBe(true);
    await screenshot(page, 'integration-api-secret-panel', false);

    // "Copy API secret" puts exactly the secret on the clipboard.
    await panel.getByRole('button', { name: 'Copy API secret' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(apiSecret);

    const done = panel.getByRole('button', { name: 'Done' });
    expect(await done.isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await panel.isVisible()).toBe(true);
    await panel.getByRole('checkbox', { name: 'I have stored it' }).check();
    expect(await done.isEnabled()).toBe(true);
    await done.click();
    await panel.waitFor({ state: 'detached' });

    const table = page.getByRole('table', { name: 'API keys' });
    await table.getByRole('cell', { name: 'Checkout server', exact: true }).waitFor();
    expect(await page.content()).not.toContain(apiSecret);
    const row = () =>
      page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: /Checkout server/ });
    expect(await row().innerText()).toContain(email); // "Created by", before and after a reload
    expect(await row().innerText()).toContain('Any IP');
    expect(await row().getByRole('list', { name: 'Permissions of Checkout server' }).innerText()).toMatch(
      /accounts:read\s+invoices:read/,
    );

    // After a reload the secret is nowhere: not in the DOM, not in the visible text.
    await page.reload();
    await page
      .getByRole('table', { name: 'API keys' })
      .getByRole('cell', { name: 'Checkout server', exact: true })
      .waitFor();
    expect(await page.getByRole('table', { name: 'API keys' }).innerText()).toContain(apiKey);
    expect(await page.content()).not.toContain(apiSecret);
    expect(await page.locator('body').innerText()).not.toContain(apiSecret);
    expect(await row().innerText()).toContain(email);

    // A request signed with the key and secret by the client package is accepted.
    const client = new SignetClient({ apiKey, apiSecret, baseUrl: suite.d.url });
    const list = await client.invoices.list();
    expect(Array.isArray(list.data)).toBe(true);

    // The key shows it was used (usage is written in batches: flush it as the timer would).
    await suite.d.app.keyAuth.usage.flush();
    await page.reload();
    await row()
      .getByText(/from 127\.0\.0\.1/)
      .waitFor();

    // Delete it: the confirmation names the key.
    await page.getByRole('button', { name: 'Delete API key Checkout server' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete API key?' });
    const confirmText = await confirm.innerText();
    expect(confirmText).toContain('Checkout server');
    expect(confirmText).toContain(apiKey);
    // Initial focus is on Cancel: Enter must never destroy anything by accident.
    expect(
      await confirm.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'was deleted' }).waitFor();
    expect(await page.getByRole('table', { name: 'API keys' }).count()).toBe(0);

    // The very next signed request is refused with 401.
    const err = await client.invoices.list().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SignetApiError);
    expect((err as SignetApiError).status).toBe(401);
  });

  it('keyboard: Tab stays inside the create-key dialog, Esc closes it and focus returns to the opener', async () => {
    const s = await suite.open();
    const { page } = s;
    await signupInUi(s);

    const opener = page.getByRole('button', { name: 'Create API key' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByRole('checkbox', { name: 'invoices:read', exact: true }).waitFor();

    const nameBox = dialog.getByRole('textbox', { name: 'Name' });
    expect(await nameBox.evaluate((el) => el === document.activeElement)).toBe(true);

    const insideDialog = () =>
      page.evaluate(() => {
        const dlg = document.querySelector('[role="dialog"]');
        return !!dlg && dlg.contains(document.activeElement) && document.activeElement !== document.body;
      });
    // 15 permissions + 7 "select all" + name + buttons: 40 Tabs wrap around at least once.
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      expect(await insideDialog(), `focus left the dialog after ${i + 1} Tab presses`).toBe(true);
      seen.add(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80) ?? ''));
    }
    expect(seen.size).toBeGreaterThan(10);
    // Shift+Tab from the first control wraps to the last one, still inside.
    await nameBox.focus();
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await insideDialog()).toBe(true);
    }
    // The app behind the dialog is inert and hidden from assistive tech.
    expect(await page.locator('#root').getAttribute('inert')).not.toBeNull();

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('#root').getAttribute('inert')).toBeNull();
  });

  it('IP whitelist: a bad entry is flagged under its row (client check), a server 422 lands under the right row too', async () => {
    const s = await suite.open();
    const { page } = s;
    await signupInUi(s);

    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Whitelisted');
    await dialog.getByRole('checkbox', { name: 'Select all invoices permissions' }).check();
    expect(await dialog.getByRole('checkbox', { name: 'invoices:write', exact: true }).isChecked()).toBe(
      true,
    );

    // Client-side: validated on blur and on submit, the message sits under the entry.
    await dialog.getByRole('button', { name: 'Add IP address or range' }).click();
    const first = dialog.getByRole('textbox', { name: 'IP whitelist entry 1' });
    await first.fill('300.1.2.3');
    await first.blur();
    expect(await first.getAttribute('aria-invalid')).toBe('true');
    const firstError = dialog.locator('.ip-row').nth(0).getByRole('alert');
    expect(await firstError.innerText()).toMatch(/not a valid IPv4 or IPv6/i);
    // The error is the row's description, so a screen reader announces it with the field.
    const describedBy = await first.getAttribute('aria-describedby');
    expect(describedBy).toBe(await firstError.getAttribute('id'));

    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/dashboard/api/api-keys')) posted++;
    });
    await dialog.getByRole('button', { name: 'Create key' }).click();
    expect(await dialog.isVisible()).toBe(true);
    expect(posted).toBe(0);

    // Fix row 1; row 2 passes the client check but the server refuses the zero-padded prefix.
    await first.fill('203.0.113.7');
    await dialog.getByRole('button', { name: 'Add IP address or range' }).click();
    const second = dialog.getByRole('textbox', { name: 'IP whitelist entry 2' });
    await second.fill('10.0.0.0/08');
    s.expect({ method: 'POST', path: '/dashboard/api/api-keys', status: 422 });
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const secondError = dialog.locator('.ip-row').nth(1).getByRole('alert');
    await secondError.waitFor();
    expect(await secondError.innerText()).toMatch(/IPv4 or IPv6 address or CIDR range/);
    expect(await second.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.ip-row').nth(0).getByRole('alert').count()).toBe(0);
    expect(posted).toBe(1);

    // Remove the bad row: the key is created with the remaining entry.
    await dialog.getByRole('button', { name: 'Remove IP whitelist entry 2' }).click();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const panel = page.getByRole('dialog', { name: 'API key created' });
    await panel.getByRole('checkbox', { name: 'I have stored it' }).check();
    await panel.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: /Whitelisted/ });
    expect(await row.innerText()).toContain('203.0.113.7');
  });
});
