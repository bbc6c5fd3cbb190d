import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { TestAppOptions as AppOptions } from '../../../server/test/support/test-app.js';
import { PASSWORD, startTestApp, uniqueEmail, type TestApp } from '../../../server/test/support/test-app.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../dist');
export const SCREENSHOT_DIR = path.resolve(here, '../../../../test-artifacts/screenshots');
export { PASSWORD, uniqueEmail };

export const CHROMIUM = process.env.SIGNET_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface Dashboard extends TestApp {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
}

/**
 * An isolated Signet serving the built dashboard on a real port. The test app's clock is frozen at
 * start by default; here it follows real time, as a browser session expects (timestamps, request dates).
 */
export async function startDashboard(
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<Dashboard> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST}/index.html is missing: run \`npm run build -w @signet/web\` first`);
  }
  // Invitation links are built from SIGNET_PUBLIC_URL, so the port is chosen before the app starts.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const webDist = snapshotWebDist();
  const t = await startTestApp({ SIGNET_PUBLIC_URL: url, ...env }, { webDist, ...options });
  Object.defineProperty(t.clock, 'now', { get: () => new Date(), configurable: true });
  await t.app.listen({ port, host: '127.0.0.1' });
  const close = t.close;
  return Object.assign(t, {
    url,
    close: async () => {
      await close();
      fs.rmSync(webDist, { recursive: true, force: true });
    },
  });
}

/**
 * A private copy of the built dashboard: anyone running `npm run build` in the same checkout while
 * the suite runs replaces dist/ (new asset hashes), which would otherwise 404 the page's CSS/JS.
 */
function snapshotWebDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-web-dist-'));
  for (let attempt = 0; ; attempt++) {
    try {
      fs.cpSync(WEB_DIST, dir, { recursive: true });
      const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
      const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
      if (assets.length > 0 && assets.every((a) => fs.existsSync(path.join(dir, a)))) return dir;
    } catch {
      /* a build was replacing dist/ mid-copy */
    }
    if (attempt >= 20) throw new Error(`could not take a consistent copy of ${WEB_DIST}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A console error or failed request the test declared as expected, e.g. GET /me → 401 on the login page. */
export interface ExpectedFailure {
  method?: string;
  path: string | RegExp;
  status: number;
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Unexpected console errors, page errors and 5xx/unexpected 4xx API responses. */
  problems: string[];
  expect(failure: ExpectedFailure): void;
  close(): Promise<void>;
}

/** The boot-time `GET /dashboard/api/me` of an anonymous visitor answers 401: that is how the app learns it is logged out. */
export const ANONYMOUS_ME: ExpectedFailure = { method: 'GET', path: '/dashboard/api/me', status: 401 };

function matches(f: ExpectedFailure, method: string, pathname: string, status: number) {
  if (f.status !== status) return false;
  if (f.method && f.method !== method) return false;
  return typeof f.path === 'string' ? f.path === pathname : f.path.test(pathname);
}

/**
 * A fresh browser context + page that records every console error, uncaught page error and HTTP
 * error response. Chromium logs "Failed to load resource: … status of N" as a console error for each
 * 4xx/5xx fetch; those are dropped only when the response matched an expected failure (method, exact
 * path, status) that the test declared.
 */
export async function openSession(
  browser: Browser,
  base: string,
  opts: { viewport?: { width: number; height: number }; expected?: ExpectedFailure[] } = {},
): Promise<Session> {
  const context = await browser.newContext({
    baseURL: base,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const expected: ExpectedFailure[] = [...(opts.expected ?? [])];
  const expectedUrls = new Set<string>();

  page.on('response', (res) => {
    const status = res.status();
    if (status < 400) return;
    const u = new URL(res.url());
    const method = res.request().method();
    if (expected.some((f) => matches(f, method, u.pathname, status))) {
      expectedUrls.add(`${res.url()} ${status}`);
      return;
    }
    problems.push(`HTTP ${status} for ${method} ${u.pathname}`);
  });
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const m = /Failed to load resource: the server responded with a status of (\d+)/.exec(text);
    if (m && expectedUrls.has(`${msg.location().url} ${m[1]}`)) return;
    if (m) {
      // The response event may arrive after the console message: re-check the declared list directly.
      try {
        const u = new URL(msg.location().url);
        if (expected.some((f) => matches(f, f.method ?? 'GET', u.pathname, Number(m[1])))) return;
      } catch {
        /* not a URL: report it */
      }
    }
    problems.push(`console.error: ${text} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));

  return {
    context,
    page,
    problems,
    expect: (f) => expected.push(f),
    close: () => context.close(),
  };
}

export function assertNoProblems(s: Session | undefined) {
  if (!s) return;
  expect(s.problems, 'console errors / page errors / unexpected HTTP errors').toEqual([]);
}

export interface BrowserSuite {
  /** The file's dashboard (available once `beforeAll` has run). */
  readonly d: Dashboard;
  /** A fresh session (see `openSession`); it is closed and checked with `assertNoProblems` after the test. */
  open(opts?: Parameters<typeof openSession>[2]): Promise<Session>;
}

/**
 * The server's environment, or a function giving it when the file's `beforeAll` runs: for what exists
 * only then, e.g. a SIGNET_CONFIG file naming an upstream that has just been given a port.
 */
export type SuiteEnv =
  Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/**
 * Registers the lifecycle every browser test file shares: one browser and one dashboard for the file
 * (`startDashboard(env, options)`), and after each test every session it opened is closed and must
 * have had no problems.
 */
export function browserSuite(env: SuiteEnv = {}, options: AppOptions = {}): BrowserSuite {
  let browser: Browser | undefined;
  let dashboard: Dashboard | undefined;
  const sessions: Session[] = [];
  const started = () => {
    if (!browser || !dashboard) throw new Error('browserSuite: used before beforeAll ran');
    return { browser, dashboard };
  };

  beforeAll(async () => {
    const startApp = async () => startDashboard(typeof env === 'function' ? await env() : env, options);
    [browser, dashboard] = await Promise.all([launchBrowser(), startApp()]);
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });
  afterEach(async () => {
    const all = sessions.splice(0);
    await Promise.all(all.map((x) => x.close()));
    for (const x of all) assertNoProblems(x);
  });

  return {
    get d() {
      return started().dashboard;
    },
    async open(opts) {
      const { browser: b, dashboard: app } = started();
      const session = await openSession(b, app.url, opts);
      sessions.push(session);
      return session;
    },
  };
}

export async function screenshot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // A full-page capture of a scrolled page draws the sticky sidebar/top bar mid-page.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage, animations: 'disabled' });
  return file;
}

/** Sign up through the UI; lands on Integration › API as Root. */
export async function signupInUi(s: Session, business = 'Acme Ltd') {
  const { page } = s;
  const email = uniqueEmail('root');
  s.expect(ANONYMOUS_ME);
  await page.goto('/signup');
  await page.getByLabel('Business name').fill(business);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/integration/api');
  await page.getByRole('heading', { level: 1, name: 'Integration › API' }).waitFor();
  return { email };
}

export async function loginInUi(s: Session, email: string, password = PASSWORD) {
  const { page } = s;
  s.expect(ANONYMOUS_ME);
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** From the Users page a Root reaches through the main navigation: invites `email` as `role`. */
export async function inviteInUi(s: Session, email: string, role: string) {
  const { page } = s;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  const form = page.getByRole('form', { name: 'Invite a user' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Role', { exact: true }).selectOption(role);
  await form.getByRole('button', { name: 'Send invitation' }).click();
}

/** Accounts start pending in production mode; an operator would run `signet accounts activate`. */
export async function activateAllAccounts(t: TestApp) {
  await t.ctx.db.kysely.updateTable('accounts').set({ status: 'active' }).execute();
}

/** Create an API key through the dialog; returns the one-time key and secret after closing the panel. */
export async function createKeyInUi(
  page: Page,
  name: string,
  permissions: string[],
  ipWhitelist: string[] = [],
): Promise<{ apiKey: string; apiSecret: string }> {
  await page.getByRole('button', { name: 'Create API key' }).click();
  const form = page.getByRole('dialog', { name: 'Create API key' });
  await form.getByRole('textbox', { name: 'Name' }).fill(name);
  for (const p of permissions) await form.getByRole('checkbox', { name: p, exact: true }).check();
  for (const [i, ip] of ipWhitelist.entries()) {
    await form.getByRole('button', { name: 'Add IP address or range' }).click();
    await form.getByRole('textbox', { name: `IP whitelist entry ${i + 1}` }).fill(ip);
  }
  await form.getByRole('button', { name: 'Create key' }).click();
  const panel = page.getByRole('dialog', { name: 'API key created' });
  const apiKey = await panel.getByRole('textbox', { name: 'API key', exact: true }).inputValue();
  const apiSecret = await panel.getByRole('textbox', { name: 'API secret', exact: true }).inputValue();
  await panel.getByRole('checkbox', { name: 'I have stored it' }).check();
  await panel.getByRole('button', { name: 'Done' }).click();
  await panel.waitFor({ state: 'detached' });
  return { apiKey, apiSecret };
}

/** Refresh the callbacks history until `count` rows are Delivered. */
export async function waitForDelivered(page: Page, count = 1, timeoutMs = 15_000) {
  const history = page.getByRole('region', { name: 'Callbacks history' });
  const table = history.getByRole('table', { name: 'Callbacks' });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = (await table.count()) > 0 ? await table.innerText() : '';
    if ((text.match(/\bDelivered\b/g) ?? []).length >= count) return;
    if (Date.now() > deadline) throw new Error(`callbacks not delivered in time; history shows: ${text}`);
    await page.waitForTimeout(300);
    await history.getByRole('button', { name: 'Refresh' }).click();
  }
}
