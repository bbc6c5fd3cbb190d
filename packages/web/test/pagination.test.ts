import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot, signupInUi } from './support/browser.js';

const suite = browserSuite();

/** The sandbox page's page size (the server's default). */
const PAGE = 20;
/**
 * Exactly two full pages: the second page comes back full too, so only the server's
 * `meta.has_more: false` (not "the page was full") can tell the dashboard it was the last one.
 */
const COUNT = 2 * PAGE;

const customId = (n: number) => `order-${String(n).padStart(2, '0')}`;

describe('paged lists', () => {
  it('sandbox invoices: "Load more" appends the next page, newest first, and disappears on the last page', async () => {
    const s = await suite.open();
    const { page } = s;
    await signupInUi(s);

    // Create the invoices through the dashboard API, as this signed-in user (session cookie + CSRF token).
    const me = (await (await page.request.get('/dashboard/api/me')).json()) as { csrf_token: string };
    for (let n = 1; n <= COUNT; n++) {
      const res = await page.request.post('/dashboard/api/sandbox/invoices', {
        headers: { 'X-CSRF-Token': me.csrf_token },
        data: { price_amount: '10', price_currency: 'EUR', pay_currency: 'BTC', custom_id: customId(n) },
      });
      expect(res.status(), await res.text()).toBe(201);
    }

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Test invoices' }).click();
    const table = page.getByRole('table', { name: 'Test invoices' });
    const shownIds = () => table.locator('tbody tr td:first-child .muted').allInnerTexts();
    const loadMore = page.getByRole('button', { name: 'Load more' });
    const newestFirst = (from: number, to: number) =>
      Array.from({ length: from - to + 1 }, (_, i) => customId(from - i));

    // First page: the newest PAGE invoices, and a way to the rest.
    await table.waitFor();
    expect(await shownIds()).toEqual(newestFirst(COUNT, COUNT - PAGE + 1));
    await loadMore.waitFor();

    // Second (last) page: appended below, and no further "Load more".
    await loadMore.click();
    await table.getByText(customId(1), { exact: true }).waitFor();
    expect(await shownIds()).toEqual(newestFirst(COUNT, 1));
    await loadMore.waitFor({ state: 'detached' });
    await screenshot(page, 'sandbox-invoices-all-pages');
  });
});
