import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_ME,
  browserSuite,
  inviteInUi,
  PASSWORD,
  screenshot,
  signupInUi,
  uniqueEmail,
} from './support/browser.js';

const suite = browserSuite();

describe('team invitations', () => {
  it('Root invites a View user; the link opened in a new context sets a password and lands on a read-only dashboard', async () => {
    const root = await suite.open();
    await signupInUi(root);
    const page = root.page;

    const invitee = uniqueEmail('viewer');
    await inviteInUi(root, invitee, 'view');

    // Copy the link the way a user would: the copy button, then read the clipboard.
    const linkBox = page.getByRole('textbox', { name: 'Invitation link' });
    await linkBox.waitFor();
    await page.getByRole('button', { name: 'Copy invitation link' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await linkBox.inputValue());
    expect(copied.startsWith(`${suite.d.url}/invite/`)).toBe(true);

    // Pending invitation is listed with its role.
    const pending = page.getByRole('table', { name: 'Pending invitations' });
    await pending.getByRole('cell', { name: invitee, exact: true }).waitFor();
    expect(await pending.innerText()).toContain('View');
    await screenshot(page, 'users');

    // A different person, a fresh browser context.
    const viewer = await suite.open();
    viewer.expect(ANONYMOUS_ME);
    const vp = viewer.page;
    await vp.goto(copied);
    await vp.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await vp.getByLabel('Password').fill(PASSWORD);
    await vp.getByRole('button', { name: 'Accept invitation' }).click();

    // Logged in, on the Overview, as View.
    await vp.getByRole('button', { name: 'Log out' }).waitFor();
    await vp.waitForURL(`${suite.d.url}/`);
    expect(await vp.getByRole('banner').innerText()).toContain(invitee);
    const nav = vp.getByRole('navigation', { name: 'Main' });
    const navLinks = await nav.getByRole('link').allInnerTexts();
    expect(navLinks).toContain('Overview');
    expect(navLinks).not.toContain('API');
    expect(navLinks).not.toContain('Users');
    expect(navLinks).not.toContain('Audit log');
    expect(await nav.getByText('Integration').count()).toBe(0);

    // Opening a Root/Admin page directly shows the access rule, not the page.
    await vp.goto('/integration/api');
    await vp.getByRole('heading', { level: 1, name: 'Integration › API' }).waitFor();
    await vp.getByText('Only Root and Admin users can manage API credentials.').waitFor();
    expect(await vp.getByRole('button', { name: 'Create API key' }).count()).toBe(0);
    expect(await vp.getByRole('textbox', { name: 'Callback URL' }).count()).toBe(0);
    await screenshot(vp, 'access-denied-integration');

    await vp.goto('/users');
    await vp.getByText("Only Root and Admin users can view the account's users.").waitFor();

    // The link worked once: opened again (logged out), it is refused.
    await vp.getByRole('button', { name: 'Log out' }).click();
    await vp.waitForURL('**/login');
    viewer.expect({ method: 'POST', path: /^\/dashboard\/api\/invitations\/[^/]+\/accept$/, status: 404 });
    await vp.goto(copied);
    await vp.getByLabel('Password').fill(PASSWORD);
    await vp.getByRole('button', { name: 'Accept invitation' }).click();
    await vp
      .getByRole('alert')
      .filter({ hasText: /invalid, has expired or has already been used/ })
      .waitFor();

    // Root's Users page now lists the new user with the View role.
    await page.reload();
    const users = page.getByRole('table', { name: 'Users' });
    await users.getByRole('row', { name: new RegExp(invitee.replace(/[.+]/g, '\\$&')) }).waitFor();
    expect(await page.getByRole('combobox', { name: `Role for ${invitee}` }).inputValue()).toBe('view');
  });
});
