import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The wire contract is complete: every route of both APIs is in /openapi.json (the swagger plugin
 * lists every route not hidden on purpose — /metrics, /openapi.json, 405 stand-ins) with a response
 * schema for its success status, so the document describes answers, not only requests.
 */
describe('/openapi.json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has a 2xx response schema for every operation of the merchant, dashboard and platform APIs', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>;
    };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => ['/api/', '/dashboard/api/', '/platform/v1/'].some((p) => path.startsWith(p)))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ id: `${method} ${path}`, op })));
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.map(({ id }) => id)).toEqual(
      expect.arrayContaining(['post /platform/v1/accounts', 'get /platform/v1/accounts/{id}']),
    );
    const missing = operations
      .filter(
        ({ op }) =>
          !Object.entries(op.responses ?? {}).some(
            ([status, r]) => status === '204' || (/^2\d\d$/.test(status) && r.content !== undefined),
          ),
      )
      .map(({ id }) => id);
    expect(missing).toEqual([]);
  });
});
