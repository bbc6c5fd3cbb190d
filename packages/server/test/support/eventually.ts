/** A pause, for polling loops. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` every 10 ms until it holds or `ms` have passed, and answers whether it held.
 * For what another instance (or process) sees only after a notice or a cache's bounded staleness:
 * the bound keeps a wait that never comes true from hanging the test, and the last look after the
 * deadline keeps a slow machine from failing a condition that came true just then.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (await condition()) return true;
    await sleep(10);
  }
  return condition();
}
