import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel } from '../../server/src/features/merchant/channels/channel-service.js';
import { createChannelBody } from '../../server/src/features/merchant/channels/channels.schemas.js';
import { startReceiver } from '../../server/test/support/callback-receiver.js';
import { addTeamMember, signup } from '../../server/test/support/test-app.js';
import { browserSuite, loginInUi, screenshot, signupInUi, waitForDelivered } from './support/browser.js';

// The callback worker runs in the app, and may reach the receiver on 127.0.0.1.
const suite = browserSuite({ SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8' }, { startBackground: true });
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

/** The signed-in user's account id and CSRF token, for set-up requests made as them. */
async function me(page: Page): Promise<{ accountId: string; csrf: string }> {
  const body = (await (await page.request.get('/dashboard/api/me')).json()) as {
    account: { id: string };
    csrf_token: string;
  };
  return { accountId: body.account.id, csrf: body.csrf_token };
}

async function createInvoice(page: Page, csrf: string, customId: string): Promise<string> {
  const res = await page.request.post('/dashboard/api/sandbox/invoices', {
    headers: { 'X-CSRF-Token': csrf },
    data: { price_amount: '40', price_currency: 'EUR', pay_currency: 'BTC', custom_id: customId },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { data: { id: string } }).data.id;
}

async function addChannel(accountId: string, name: string) {
  return createChannel(
    suite.d.ctx,
    accountId,
    createChannelBody.parse({ name, pay_currency: 'BTC', receiver_currency: 'EUR' }),
  );
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describe('sandbox: simulate any resource, trigger any event', () => {
  it('the simulate form moves an invoice to underpaid, shows it, and shows a refused move inline', async () => {
    const s = await suite.open();
    const { page } = s;
    await signupInUi(s);
    const { csrf } = await me(page);
    const invoiceId = await createInvoice(page, csrf, 'order-1001');

    await nav(page).getByRole('link', { name: 'Simulate' }).click();
    await page.getByRole('heading', { level: 1, name: 'Simulate' }).waitFor();
    const form = page.getByRole('form', { name: 'Simulate a state' });
    await form.getByRole('combobox', { name: 'Resource' }).selectOption('invoice');
    // The picker lists the account's recent invoices; choosing one fills the id.
    const picker = form.getByRole('combobox', { name: 'Recent invoices' });
    await picker.locator('option', { hasText: 'order-1001' }).waitFor({ state: 'attached' });
    await picker.selectOption(invoiceId);
    expect(await form.getByRole('textbox', { name: 'Invoice id' }).inputValue()).toBe(invoiceId);
    await form.getByRole('combobox', { name: 'State' }).selectOption('underpaid');
    await form.getByRole('button', { name: 'Simulate' }).click();

    const card = page.getByTestId('sandbox-simulate');
    await card
      .getByRole('status')
      .filter({ hasText: `Invoice ${invoiceId} is now Unresolved` })
      .waitFor();
    const result = card.getByRole('region', { name: 'Invoice after the simulation' });
    expect(await result.innerText()).toMatch(/Unresolved\s+Underpaid/);
    expect(await result.innerText()).toContain('order-1001');
    await screenshot(page, 'sandbox-simulate-invoice-underpaid');

    // The same move again: the invoice's state machine refuses, and the reason is shown in place.
    s.expect({ method: 'POST', path: '/dashboard/api/sandbox/simulate', status: 422 });
    await form.getByRole('button', { name: 'Simulate' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: /only a new one/ })
      .waitFor();

    // The invoices list shows the new status and its context.
    await nav(page).getByRole('link', { name: 'Test invoices' }).click();
    const row = page
      .getByRole('table', { name: 'Test invoices' })
      .getByRole('row')
      .filter({ hasText: 'order-1001' });
    await row.getByText('Underpaid', { exact: true }).waitFor();
    expect(await row.innerText()).toContain('Unresolved');
  });

  it('"Send a payment" to a channel, then move the payment on from the Simulate page', async () => {
    const s = await suite.open();
    const { page } = s;
    await signupInUi(s);
    const { accountId } = await me(page);
    await addChannel(accountId, 'Shop deposits');

    await nav(page).getByRole('link', { name: 'Test channels' }).click();
    const channels = page.getByRole('table', { name: 'Channels' });
    await channels.getByRole('button', { name: 'Send a payment to channel Shop deposits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send a payment' });
    await dialog.getByRole('textbox', { name: 'Amount (BTC)' }).fill('0.02');
    await dialog.getByRole('textbox', { name: 'Confirmations' }).fill('0');
    await dialog.getByRole('button', { name: 'Send payment' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .filter({ hasText: 'Payment of 0.02000000 BTC sent to Shop deposits: Pending' })
      .waitFor();

    // An illicit sender's payment is held.
    await channels.getByRole('button', { name: 'Send a payment to channel Shop deposits' }).click();
    await dialog.getByRole('textbox', { name: 'Amount (BTC)' }).fill('0.03');
    await dialog.getByRole('checkbox', { name: 'Sender is illicit' }).check();
    await dialog.getByRole('button', { name: 'Send payment' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'sent to Shop deposits: On hold (Illicit resource)' })
      .waitFor();

    const payments = page.getByRole('table', { name: 'Payments to channel Shop deposits' });
    await payments.getByText('0.03000000 BTC').waitFor();
    const pending = payments.getByRole('row').filter({ hasText: '0.02000000 BTC' });
    expect(await pending.innerText()).toContain('Pending');
    await screenshot(page, 'sandbox-channels-payments');

    // The pending payment's "Simulate…" link pre-fills the form: complete it.
    await pending.getByRole('link', { name: /^Simulate channel payment / }).click();
    const form = page.getByRole('form', { name: 'Simulate a state' });
    expect(await form.getByRole('combobox', { name: 'Resource' }).inputValue()).toBe('channel_payment');
    await form.getByRole('combobox', { name: 'State' }).selectOption('completed');
    await form.getByRole('button', { name: 'Simulate' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Channel payment .* is now Completed/ })
      .waitFor();
  });

  it('the trigger card fires an event; its callback is delivered and listed in the callbacks history', async () => {
    const s = await suite.open();
    const { page } = s;
    await signupInUi(s);
    const { csrf } = await me(page);
    const saved = await page.request.put('/dashboard/api/callback-settings', {
      headers: { 'X-CSRF-Token': csrf },
      data: { callback_url: receiver.url },
    });
    expect(saved.status(), await saved.text()).toBe(200);

    await nav(page).getByRole('link', { name: 'Simulate' }).click();
    const trigger = page.getByRole('form', { name: 'Trigger an event' });
    await trigger.getByRole('combobox', { name: 'Event' }).selectOption('ChannelPayment.completed');
    await trigger.getByRole('button', { name: 'Fire event' }).click();
    const card = page.getByTestId('sandbox-trigger');
    await card
      .getByRole('status')
      .filter({ hasText: 'ChannelPayment.completed fired for ChannelPayment' })
      .waitFor();
    const carried = card.getByRole('region', { name: 'ChannelPayment the event carries' });
    expect(await carried.innerText()).toContain('Completed');
    await screenshot(page, 'sandbox-trigger-fired');

    await card.getByRole('link', { name: /callbacks history/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Integration › API' }).waitFor();
    await waitForDelivered(page);
    const history = page.getByRole('table', { name: 'Callbacks' });
    await history.getByRole('button', { name: 'ChannelPayment · completed', exact: true }).waitFor();
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as { type: string; event: string });
    expect(bodies).toContainEqual(expect.objectContaining({ type: 'ChannelPayment', event: 'completed' }));
  });

  it('a read-only role sees the lists but cannot simulate; the server refuses it too', async () => {
    const root = await signup(suite.d.app, 'Viewer Ltd');
    const invoice = await root.request('POST', '/sandbox/invoices', {
      price_amount: '15',
      price_currency: 'EUR',
      pay_currency: 'BTC',
      custom_id: 'order-viewer',
    });
    expect(invoice.statusCode).toBe(201);
    const viewer = await addTeamMember(suite.d.app, root, 'view');

    const s = await suite.open();
    const { page } = s;
    await loginInUi(s, viewer.body.user.email);
    await nav(page).getByRole('link', { name: 'Simulate' }).click();
    await page.getByText('Your role can view the sandbox, not change it').waitFor();
    expect(await page.getByRole('form', { name: 'Simulate a state' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Trigger an event' }).count()).toBe(0);
    expect(await page.getByRole('list', { name: 'Simulations' }).innerText()).toContain('Invoice');

    await nav(page).getByRole('link', { name: 'Test invoices' }).click();
    const invoices = page.getByRole('table', { name: 'Test invoices' });
    await invoices.getByText('order-viewer').waitFor();
    expect(await invoices.getByRole('button', { name: /^Simulate payment/ }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Create test invoice' }).count()).toBe(0);

    // Asked directly, the server says no.
    s.expect({ method: 'POST', path: '/dashboard/api/sandbox/simulate', status: 403 });
    const { csrf } = await me(page);
    const res = await page.request.post('/dashboard/api/sandbox/simulate', {
      headers: { 'X-CSRF-Token': csrf },
      data: { resource: 'invoice', id: invoice.json().data.id, state: 'completed' },
    });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });
});
