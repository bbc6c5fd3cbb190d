import { describe, expect, it } from 'vitest';
import { browserSuite, signupInUi } from './support/browser.js';

const suite = browserSuite();

/** The API keys table's page size (ApiKeysSection's API_KEYS_PAGE). */
const PAGE = 25;
const COUNT = PAGE + 5;

describe('API keys table pages (issue 13, finding 6)', () => {
  it('shows the newest keys a page at a time; "Load more" appends the rest and then disappears', async () => {
    const s = await suite.open();
    const { page } = s;
    await signupInUi(s);

    const me = (await (await page.request.get('/dashboard/api/me')).json()) as { csrf_token: string };
    const names: string[] = [];
    for (let n = 1; n <= COUNT; n++) {
      const name = `key-${String(n).padStart(2, '0')}`;
      const res = await page.request.post('/dashboard/api/api-keys', {
        headers: { 'X-CSRF-Token': me.csrf_token },
        data: { name, permissions: ['invoices:read'], ip_whitelist: [] },
      });
      expect(res.status(), await res.text()).toBe(201);
      names.push(name);
    }

    await page.reload();
    const table = page.getByRole('table', { name: 'API keys' });
    await table.waitFor();
    const shownNames = () => table.locator('tbody tr td:first-child').allInnerTexts();
    const loadMore = page.getByRole('button', { name: 'Load more' });
    await loadMore.waitFor();
    const first = await shownNames();
    expect(first).toHaveLength(PAGE);
    // The first page holds the newest keys: the oldest ones are not on it.
    expect(first).not.toContain('key-01');

    await loadMore.click();
    await loadMore.waitFor({ state: 'detached' });
    const all = await shownNames();
    expect(all).toHaveLength(COUNT);
    expect([...all].sort()).toEqual(names);
    expect(all.slice(0, PAGE)).toEqual(first);
  });
});
