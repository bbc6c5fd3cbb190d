import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assertNoProblems,
  createKeyInUi,
  launchBrowser,
  loginInUi,
  openSession,
  signupInUi,
  startDashboard,
  type Dashboard,
  type Session,
} from './support/browser.js';

/**
 * Regression (issue 13, finding 3): the dashboard was served without a Content-Security-Policy and
 * could be framed by any site (clickjacking the key and secret screens). Now the policy is strict
 * (`script-src 'self'`, `style-src 'self'`, no inline anything, `frame-ancestors 'none'`) and the
 * built app runs under it without a single violation, while a page of another origin that frames
 * the dashboard gets nothing.
 */
declare global {
  interface Window {
    __cspViolations: string[];
  }
}

/** Records every CSP violation of every document the context opens, frames included. */
function recordViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(
      `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile}`,
    );
  });
}

const isCspMessage = (msg: ConsoleMessage) => /Content Security Policy|Refused to/i.test(msg.text());

let browser: Browser;
let d: Dashboard;
const sessions: Session[] = [];
beforeAll(async () => {
  [browser, d] = await Promise.all([launchBrowser(), startDashboard()]);
});
afterAll(async () => {
  await browser?.close();
  await d?.close();
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

describe('the dashboard under its Content-Security-Policy', () => {
  it('signs up, logs in again and works Integration › API with no CSP violation', async () => {
    const s = await openSession(browser, d.url);
    sessions.push(s);
    const { page } = s;
    await page.addInitScript(recordViolations);
    const cspConsole: string[] = [];
    page.on('console', (msg) => {
      if (isCspMessage(msg)) cspConsole.push(msg.text());
    });

    const first = await page.goto('/login');
    const csp = first!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-inline'");
    expect(first!.headers()['cache-control']).toBe('no-store');

    const { email } = await signupInUi(s, 'CSP Ltd');
    await createKeyInUi(page, 'Under CSP', ['invoices:read']);
    // Every page of the navigation, then out and back in.
    for (const path of ['/users', '/audit-log', '/sandbox/invoices', '/integration/api']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
    }
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await loginInUi(s, email);
    await page.goto('/integration/api');
    await page.getByRole('heading', { level: 1, name: 'Integration › API' }).waitFor();
    await page
      .getByRole('table', { name: 'API keys' })
      .getByRole('cell', { name: 'Under CSP', exact: true })
      .waitFor();

    // The stylesheet applied (a blocked one would leave the page unstyled, which no error reports).
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).not.toMatch(/^"?Times/);
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
    expect(cspConsole).toEqual([]);
    assertNoProblems(s);
  });

  it('refuses to be framed by another origin', async () => {
    // Another origin: the same host on another port.
    const framer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><title>framer</title><iframe id="f" src="${d.url}/login" width="800" height="600"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
    const framerUrl = `http://127.0.0.1:${(framer.address() as AddressInfo).port}/`;
    try {
      // The refusal is a console error by design: collected here rather than failing the session.
      const s = await openSession(browser, framerUrl);
      sessions.push(s);
      const { page } = s;
      const refusals: string[] = [];
      page.on('console', (msg) => {
        if (isCspMessage(msg)) refusals.push(msg.text());
      });
      const framed = page.waitForResponse((r) => r.url() === `${d.url}/login`);
      await page.goto(framerUrl);
      const response = await framed;
      await page.waitForTimeout(1_000);

      const frame = page.frames().find((f) => f !== page.mainFrame());
      expect(frame).toBeDefined();
      expect(frame!.url()).toMatch(/^chrome-error:/);
      // Blocked: Chromium shows its error page in the frame; the app never ran there.
      const rendered = await frame!
        .evaluate(() => ({ root: document.getElementById('root')?.innerHTML ?? null, title: document.title }))
        .catch(() => ({ root: null, title: '' }));
      expect(rendered.root).toBeNull();
      expect(rendered.title).not.toMatch(/Signet/);
      expect(response.headers()['x-frame-options']).toBe('DENY');
      expect(refusals.some((m) => /frame-ancestors|X-Frame-Options|Refused to (display|frame)/.test(m))).toBe(
        true,
      );
      // Nothing else went wrong on the framing page.
      const others = s.problems.filter(
        (p) => !/frame-ancestors|X-Frame-Options|Refused to (display|frame)/.test(p),
      );
      expect(others).toEqual([]);
    } finally {
      await new Promise((resolve) => framer.close(resolve));
    }
  });
});
