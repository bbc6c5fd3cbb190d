import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  freshStorage,
  startSignet,
  type SignetProcess,
  type Storage,
} from '../../reliability/signet-process.js';

/**
 * `signet worker` runs apart from the server, so it must be observable on its own: the real
 * process serves the callback metrics (registered by the callbacks feature on the core context).
 */
describe('signet worker', () => {
  let storage: Storage;
  let worker: SignetProcess;
  let metricsUrl: string;
  beforeAll(async () => {
    storage = await freshStorage();
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}`;
    worker = await startSignet('worker', { ...storage.env, SIGNET_WORKER_METRICS_PORT: String(port) });
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await storage?.cleanup();
  });

  it('serves the callback metrics on its metrics port and stops cleanly on SIGTERM', async () => {
    let text = '';
    for (let i = 0; i < 100 && !text; i++) {
      try {
        const res = await fetch(`${metricsUrl}/metrics`);
        if (res.ok) text = await res.text();
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(text).toContain('signet_callback_deliveries_total');
    expect(text).toContain('signet_callback_queue_depth 0');
    expect(await worker.kill('SIGTERM')).toBe(0);
  });
});
