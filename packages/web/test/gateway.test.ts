import { afterAll, describe, expect, it } from 'vitest';
import { signRequest, verifyGatewayRequest } from '../../client/src/index.js';
import { browserSuite, screenshot, signupInUi } from './support/browser.js';
import { startUpstream, writeConfigFile, type Upstream } from './support/gateway.js';

/**
 * Gateway mode end to end: Signet started with a SIGNET_CONFIG file declaring `orders:*` permissions
 * and one API mounted at /v1 in front of a real upstream on 127.0.0.1. The dashboard offers the
 * configured catalogue, a key created there signs a request with the client package, and the
 * upstream receives it with Signet's identity headers and a signature it can verify.
 */

const GATEWAY_SECRET = 'browser-test-gateway-secret-0123456789abcdef';
const BUSINESS = 'Gateway Orders Ltd';
// Not ASCII: the key name travels percent-encoded in X-Signet-Key-Name.
const KEY_NAME = 'Order sync — EU';

let upstream: Upstream | undefined;
let config: ReturnType<typeof writeConfigFile> | undefined;

const suite = browserSuite(async () => {
  upstream = await startUpstream();
  config = writeConfigFile(`
permissions:
  - { id: orders:read, description: Read orders }
  - { id: orders:write, description: Create and cancel orders }
apis:
  - name: orders
    mount: /v1
    upstream: ${upstream.url}
    secret: "${GATEWAY_SECRET}"
    routes:
      - { method: GET, path: /orders/*, permission: orders:read }
      - { method: POST, path: /orders, permission: orders:write }
      - { method: GET, path: /health, permission: public }
cryptopay_sandbox: { enabled: true, mount: /api }
`);
  return { SIGNET_CONFIG: config.file };
});

afterAll(async () => {
  await upstream?.close();
  config?.remove();
});

function theUpstream(): Upstream {
  if (!upstream) throw new Error('the upstream was not started');
  return upstream;
}

/** Sign with the client package exactly as an integration would, and send it to Signet. */
function signedFetch(
  key: { apiKey: string; apiSecret: string },
  method: 'GET' | 'POST',
  path: string,
  body?: string,
) {
  const { headers } = signRequest({ ...key, method, path, body });
  return fetch(`${suite.d.url}${path}`, { method, headers, body });
}

describe('gateway mode: the dashboard in front of a configured API', () => {
  it('Integration lists the configured API; the picker offers the configured catalogue grouped; a key from it reaches the upstream, signed', async () => {
    const s = await suite.open();
    const { page } = s;
    await signupInUi(s, BUSINESS);
    const base = suite.d.url;

    // Integration › API: every API this Signet serves, with its kind and base URL (copyable).
    const apisRegion = page.getByRole('region', { name: 'APIs' });
    const apis = apisRegion.getByRole('table', { name: 'APIs' });
    await apis.waitFor();
    const ordersRow = apis.getByRole('row', { name: /^orders\b/ });
    expect(await ordersRow.innerText()).toContain('Gateway');
    expect(await ordersRow.innerText()).toContain(`${base}/v1`);
    const sandboxRow = apis.getByRole('row', { name: /Cryptopay sandbox/ });
    expect(await sandboxRow.innerText()).toContain(`${base}/api`);
    expect(await apis.getByRole('row').count()).toBe(3); // header + 2 APIs
    await apisRegion.getByRole('button', { name: 'Copy base URL of orders' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${base}/v1`);
    await screenshot(page, 'gateway-integration-apis');

    // The create dialog's picker: the configured permissions under an "Orders" heading, each with
    // its description, next to the sandbox's own groups.
    await page.getByRole('button', { name: 'Create API key' }).click();
    const form = page.getByRole('dialog', { name: 'Create API key' });
    const orders = form.getByRole('group', { name: 'Orders', exact: true });
    await orders.waitFor();
    // Each checkbox's label text (its accessible name), in order.
    const ordersBoxes = await orders
      .getByRole('checkbox')
      .evaluateAll((els) =>
        els.map((el) => (el.closest('label')?.textContent ?? '').replace(/\s+/g, ' ').trim()),
      );
    expect(ordersBoxes).toEqual(['Select all orders permissions', 'orders:read', 'orders:write']);
    const describedBy = async (name: string) => {
      const id = await orders.getByRole('checkbox', { name, exact: true }).getAttribute('aria-describedby');
      return form.locator(`[id="${id}"]`).innerText();
    };
    expect(await describedBy('orders:read')).toBe('Read orders');
    expect(await describedBy('orders:write')).toBe('Create and cancel orders');
    await form.getByRole('group', { name: 'Invoices', exact: true }).waitFor(); // the sandbox is enabled
    const titles = await form.locator('.perm-group-title').allInnerTexts();
    expect(titles.filter((t) => t === 'Orders')).toHaveLength(1);

    // "Select all" checks the group; then keep only orders:read.
    await orders.getByRole('checkbox', { name: 'Select all orders permissions' }).check();
    expect(await orders.getByRole('checkbox', { name: 'orders:write', exact: true }).isChecked()).toBe(true);
    await orders.getByRole('checkbox', { name: 'orders:write', exact: true }).uncheck();
    expect(await orders.getByRole('checkbox', { name: 'orders:read', exact: true }).isChecked()).toBe(true);
    await form.getByRole('textbox', { name: 'Name' }).fill(KEY_NAME);
    await orders.scrollIntoViewIfNeeded();
    await screenshot(page, 'gateway-permission-picker', false);

    const createdResponse = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/dashboard/api/api-keys',
    );
    await form.getByRole('button', { name: 'Create key' }).click();
    const created = (await (await createdResponse).json()) as { id: string; permissions: string[] };
    expect(created.permissions).toEqual(['orders:read']);

    // The secret, shown once.
    const panel = page.getByRole('dialog', { name: 'API key created' });
    const apiKey = await panel.getByRole('textbox', { name: 'API key', exact: true }).inputValue();
    const apiSecret = await panel.getByRole('textbox', { name: 'API secret', exact: true }).inputValue();
    await panel.getByRole('checkbox', { name: 'I have stored it' }).check();
    await panel.getByRole('button', { name: 'Done' }).click();
    await panel.waitFor({ state: 'detached' });
    const keyRow = page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: /Order sync/ });
    expect(await keyRow.getByRole('list', { name: `Permissions of ${KEY_NAME}` }).innerText()).toBe(
      'orders:read',
    );

    // A request signed with the client package goes through Signet to the upstream.
    const account = await suite.d.ctx.db.kysely
      .selectFrom('accounts')
      .select('id')
      .where('name', '=', BUSINESS)
      .executeTakeFirstOrThrow();
    const up = theUpstream();
    up.received.length = 0;
    const res = await signedFetch({ apiKey, apiSecret }, 'GET', '/v1/orders/42?expand=items');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ upstream: true, method: 'GET', url: '/orders/42?expand=items' });
    expect(up.received).toHaveLength(1);
    const got = up.received[0]!;
    expect(got.method).toBe('GET');
    expect(got.url).toBe('/orders/42?expand=items'); // the mount is stripped, the query kept
    expect(got.headers['x-signet-key-id']).toBe(created.id);
    expect(got.headers['x-signet-account-id']).toBe(account.id);
    expect(got.headers['x-signet-key-name']).toBe(encodeURIComponent(KEY_NAME));
    expect(got.headers['x-signet-permissions']).toBe('orders:read');
    expect(got.headers['x-signet-client-ip']).toBe('127.0.0.1');
    expect(got.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(got.headers['x-signet-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(got.headers.authorization).toBeUndefined(); // forward_authorization defaults to false

    // The upstream can check that the request came from Signet, and who sent it.
    const verdict = verifyGatewayRequest({
      method: got.method,
      url: got.url,
      headers: got.headers,
      secret: GATEWAY_SECRET,
    });
    expect(verdict).toEqual({
      ok: true,
      identity: {
        accountId: account.id,
        keyId: created.id,
        keyName: KEY_NAME,
        permissions: ['orders:read'],
        requestId: got.headers['x-request-id'],
        clientIp: '127.0.0.1',
        timestamp: Number(got.headers['x-signet-timestamp']),
      },
    });
    expect(
      verifyGatewayRequest({
        method: got.method,
        url: got.url,
        headers: got.headers,
        secret: 'x'.repeat(40),
      }),
    ).toEqual({ ok: false, reason: 'bad_signature' });

    // Without orders:write the POST route is refused at Signet; the upstream never sees it.
    const denied = await signedFetch({ apiKey, apiSecret }, 'POST', '/v1/orders', '{"item":"book"}');
    expect(denied.status).toBe(403);
    const envelope = (await denied.json()) as { error: { code: string; details: { reason?: string }[] } };
    expect(envelope.error.code).toBe('unauthorized');
    expect(envelope.error.details[0]?.reason).toBe('permission_denied');
    expect(up.received).toHaveLength(1);
  });

  it('a permission the configuration no longer declares is listed struck through as removed', async () => {
    const s = await suite.open();
    const { page } = s;
    await signupInUi(s, 'Removed Permissions Ltd');
    // Created through the dashboard API as this signed-in user (session cookie + CSRF token).
    const me = (await (await page.request.get('/dashboard/api/me')).json()) as { csrf_token: string };
    const res = await page.request.post('/dashboard/api/api-keys', {
      headers: { 'X-CSRF-Token': me.csrf_token },
      data: { name: 'Legacy sync', permissions: ['orders:read'], ip_whitelist: [] },
    });
    expect(res.status(), await res.text()).toBe(201);
    const created = (await res.json()) as { id: string };
    // As if the key had been granted `orders:export` under an earlier configuration that declared it.
    await suite.d.ctx.db.kysely
      .updateTable('api_keys')
      .set({ permissions: JSON.stringify(['orders:export', 'orders:read']) })
      .where('id', '=', created.id)
      .execute();

    await page.reload();
    const list = page
      .getByRole('table', { name: 'API keys' })
      .getByRole('list', { name: 'Permissions of Legacy sync' });
    await list.waitFor();
    const items = list.getByRole('listitem');
    expect(await items.allInnerTexts()).toEqual([
      'orders:read',
      expect.stringMatching(/^orders:export\s*removed$/i),
    ]);
    const removed = items.nth(1);
    expect(await removed.locator('del').innerText()).toBe('orders:export');
    expect(await removed.getAttribute('title')).toMatch(/grants nothing/);
    expect(await items.nth(0).locator('del').count()).toBe(0);
    await screenshot(page, 'gateway-removed-permission');
  });
});
