import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { AppContext } from '../../context.js';
import type { CallbackMetrics } from '../callback-metrics.js';
import { deliverCallback, DEFAULT_TIMEOUT_MS } from '../delivery/index.js';
import { claimDueCallbacks, type ClaimedCallback } from './claim.js';
import { readDestinations, type Destination } from './destinations.js';
import { writeAttemptResults, type FinishedAttempt } from './record-attempts.js';

export interface CallbackWorkerOptions {
  dispatcher: Dispatcher;
  concurrency: number;
  /** How often to look for due callbacks when nothing wakes the worker sooner. */
  pollMs?: number;
  /** Longer than a claimed batch can take, so a live worker never loses a lease mid-delivery. */
  leaseMs?: number;
  timeoutMs?: number;
  metrics?: CallbackMetrics;
  onError?: (err: unknown) => void;
}

/**
 * Delivers the outbox. Work is claimed in batches and results are written in batches: with
 * SQLite's synchronous=FULL and PostgreSQL's synchronous commit, every commit waits for the disk,
 * so one commit per batch instead of two per callback is what lets delivery keep up with the
 * network. A result not yet written when the process dies is simply delivered again once its
 * lease expires: at least once, never lost.
 *
 * `runOnce` claims what is due and delivers it (tests drive it with a fake clock); `start` loops
 * in the background until `stop`, which waits for the deliveries in flight and their records.
 */
export class CallbackWorker {
  readonly owner = `worker-${randomUUID()}`;
  private readonly queue: { callback: ClaimedCallback; destination: Destination | null }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly finished: FinishedAttempt[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly options: CallbackWorkerOptions,
  ) {}

  private get timeoutMs() {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  private get leaseMs() {
    return this.options.leaseMs ?? this.timeoutMs * 3;
  }

  private get batchSize() {
    return this.options.concurrency * 2;
  }

  /** Claims what is due, delivers it all and records the results; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.claimBatch();
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      this.dispatch();
      if (this.inFlight.size > 0) await Promise.race(this.inFlight);
    }
    await this.scheduleFlush();
    return claimed;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Asks the loop to look for work now (an event was just enqueued in this process). */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    // Claimed but not started: their leases lapse and another worker (or the next start) takes them.
    this.queue.length = 0;
    await Promise.all(this.inFlight);
    await this.scheduleFlush();
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 500;
    while (this.running) {
      let claimed = 0;
      try {
        // Top the local queue up before it runs dry, so deliveries never wait on a claim.
        if (this.queue.length < this.options.concurrency) claimed = await this.claimBatch();
      } catch (err) {
        // The database may be briefly unavailable; keep the loop alive and try again.
        this.options.onError?.(err);
      }
      this.dispatch();
      if (!this.running) break;
      if (this.inFlight.size >= this.options.concurrency || (claimed === 0 && this.queue.length > 0))
        await Promise.race(this.inFlight);
      else if (claimed === 0) await this.sleep(pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async claimBatch(): Promise<number> {
    const claimed = await claimDueCallbacks(this.ctx, this.owner, this.batchSize, this.leaseMs);
    if (claimed.length === 0) return 0;
    // URL and secret are read when the batch is claimed, moments before sending: a changed URL or a
    // regenerated secret applies to the next attempt.
    const destinations = await readDestinations(this.ctx, new Set(claimed.map((c) => c.account_id)));
    for (const callback of claimed)
      this.queue.push({ callback, destination: destinations.get(callback.account_id) ?? null });
    return claimed.length;
  }

  private dispatch(): void {
    while (this.inFlight.size < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      const p = this.deliver(job.callback, job.destination)
        .catch((err: unknown) => this.options.onError?.(err))
        .finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  private async deliver(callback: ClaimedCallback, destination: Destination | null): Promise<void> {
    const startedAt = this.ctx.now();
    const attempt = callback.attempt_count + 1;
    if (!destination) {
      this.finished.push({ callback, attempt, startedAt, finishedAt: startedAt, url: null, result: null });
    } else {
      const result = await deliverCallback({
        url: destination.url,
        body: callback.body,
        secret: destination.secret,
        eventId: callback.event_id,
        attempt,
        dispatcher: this.options.dispatcher,
        timeoutMs: this.timeoutMs,
      });
      this.finished.push({
        callback,
        attempt,
        startedAt,
        finishedAt: this.ctx.now(),
        url: destination.url,
        result,
      });
      this.options.metrics?.latency.observe(result.durationMs / 1000);
    }
    void this.scheduleFlush();
  }

  /** Resolves once everything finished so far is written. */
  private scheduleFlush(): Promise<void> {
    // Writes are chained, one at a time; results arriving during a write join the next one (group commit).
    this.flushing = this.flushing.then(() => this.flush());
    return this.flushing;
  }

  private async flush(): Promise<void> {
    if (this.finished.length === 0) return;
    const batch = this.finished.splice(0, this.finished.length);
    try {
      const outcomes = await writeAttemptResults(this.ctx, this.owner, batch);
      for (const outcome of outcomes) this.options.metrics?.deliveries.inc({ outcome });
    } catch (err) {
      // Not recorded: the leases lapse and the callbacks are delivered again. At least once.
      this.options.onError?.(err);
    }
  }
}
