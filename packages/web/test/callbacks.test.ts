import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_SIGNATURE_HEADER, verifyCallback } from '../../client/src/index.js';
import { startReceiver } from '../../server/test/support/callback-receiver.js';
import { browserSuite, screenshot, signupInUi, waitForDelivered } from './support/browser.js';

// The callback worker runs in the app, and may reach the receiver on 127.0.0.1.
const suite = browserSuite({ SIGNET_CALLBACK_ALLOW_NETWORKS: '127.0.0.0/8' }, { startBackground: true });
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

describe('Integration › API: callbacks (sandbox)', () => {
  it('saves an http callback URL, sends a test callback, sees it delivered, and the signature verifies with the revealed secret', async () => {
    const s = await suite.open();
    const { page } = s;
    await signupInUi(s);

    const callback = page.getByRole('region', { name: 'Callback' });
    await callback.getByRole('textbox', { name: 'Callback URL' }).fill(receiver.url);
    await callback.getByRole('button', { name: 'Save URL' }).click();
    await callback.getByRole('status').filter({ hasText: 'Callback URL saved.' }).waitFor();

    // The secret is masked until revealed.
    const secretBox = page.getByTestId('callback-secret');
    expect(await secretBox.inputValue()).toMatch(/^•+$/);
    await callback.getByRole('button', { name: 'Reveal secret' }).click();
    await callback.getByRole('button', { name: 'Hide secret' }).waitFor();
    const secret = await callback.getByRole('textbox', { name: 'Callback secret', exact: true }).inputValue();
    expect(secret).not.toMatch(/•/);
    expect(secret.length).toBeGreaterThanOrEqual(16);

    const history = page.getByRole('region', { name: 'Callbacks history' });
    await history.getByText('No callbacks yet').waitFor();
    await history.getByRole('button', { name: 'Send test callback' }).click();
    await history.getByRole('status').filter({ hasText: 'Test callback queued' }).waitFor();

    // Wait for the row, refreshing until the worker has delivered it.
    await waitForDelivered(page);
    const table = history.getByRole('table', { name: 'Callbacks' });

    // The receiver got exactly this one callback, signed with the secret shown in the UI.
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    const signature = got.headers[CALLBACK_SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifyCallback(got.body, signature, secret)).toBe(true);
    expect(verifyCallback(got.body, signature, secret + 'x')).toBe(false);
    const body = JSON.parse(got.body) as { type: string; event: string };
    expect(body).toMatchObject({ type: 'Test', event: 'test' });

    // The row expands into its delivery attempts: one, HTTP 200.
    const disclosure = table.getByRole('button', { name: 'Test · test', exact: true });
    expect(await disclosure.getAttribute('aria-expanded')).toBe('false');
    await disclosure.click();
    expect(await disclosure.getAttribute('aria-expanded')).toBe('true');
    const attempts = history.getByRole('table', { name: /^Delivery attempts for callback / });
    expect(await attempts.innerText()).toContain('HTTP 200');
    expect(await history.innerText()).toContain(got.headers['x-signet-event-id'] as string);

    // The status filter narrows the list.
    await history.getByRole('combobox', { name: 'Status' }).selectOption('failed');
    await history.getByText('No failed callbacks').waitFor();
    await history.getByRole('combobox', { name: 'Status' }).selectOption('delivered');
    await table.getByRole('button', { name: 'Test · test', exact: true }).waitFor();

    // Hiding the secret masks it again.
    await callback.getByRole('button', { name: 'Hide secret' }).click();
    expect(await secretBox.inputValue()).toMatch(/^•+$/);

    await screenshot(page, 'integration-api-callback-delivered');
  });
});
