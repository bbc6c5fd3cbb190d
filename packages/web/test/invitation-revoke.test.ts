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

describe('revoking an invitation (issue 13, finding 4)', () => {
  it('Root revokes a pending invitation from the Users page; its link then answers as an invalid one', async () => {
    const root = await suite.open();
    await signupInUi(root);
    const page = root.page;

    const invitee = uniqueEmail('revoked');
    await inviteInUi(root, invitee, 'support');
    const link = await page.getByRole('textbox', { name: 'Invitation link' }).inputValue();

    const pending = page.getByRole('table', { name: 'Pending invitations' });
    await pending.getByRole('cell', { name: invitee, exact: true }).waitFor();

    // Revoke asks first, naming the address; Cancel keeps the invitation.
    const revoke = pending.getByRole('button', { name: `Revoke invitation for ${invitee}` });
    await revoke.click();
    const dialog = page.getByRole('dialog', { name: 'Revoke invitation?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(invitee);
    await screenshot(page, 'users-revoke-invitation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await pending.getByRole('cell', { name: invitee, exact: true }).waitFor();

    await revoke.click();
    await dialog.getByRole('button', { name: 'Revoke invitation' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('No pending invitations').waitFor();
    // The link it showed for that invitation is not offered any more either.
    expect(await page.getByRole('textbox', { name: 'Invitation link' }).count()).toBe(0);

    // Still gone after a reload: the server revoked it, and the audit log says who did.
    await page.reload();
    await page.getByText('No pending invitations').waitFor();
    const audit = (await (await page.request.get('/dashboard/api/audit-log')).json()) as {
      data: { action: string; target: string }[];
    };
    expect(audit.data[0]).toMatchObject({ action: 'invitation.revoked', target: `${invitee} as support` });

    // The invitee opens the link: it is refused like an expired or unknown one.
    const invited = await suite.open();
    invited.expect(ANONYMOUS_ME);
    invited.expect({ method: 'POST', path: /^\/dashboard\/api\/invitations\/[^/]+\/accept$/, status: 404 });
    const vp = invited.page;
    await vp.goto(link);
    await vp.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await vp.getByLabel('Password').fill(PASSWORD);
    await vp.getByRole('button', { name: 'Accept invitation' }).click();
    await vp
      .getByRole('alert')
      .filter({ hasText: /invalid, has expired or has already been used/ })
      .waitFor();
  });
});
