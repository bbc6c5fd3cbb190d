import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { AppContext } from '../../../platform/context.js';
import { tx } from '../../../platform/db/tx.js';
import type { CallbackMetrics } from '../callback-metrics.js';
import { deliverCallback, DEFAULT_TIMEOUT_MS } from '../delivery/index.js';
import { claimDueCallbacks, type ClaimedCallback } from './claim.js';
import { readDestinations, type Destination } from './destinations.js';
import {
  recordAttempts,
  writeAttemptResults,
  type FinishedAttempt,
  type RecordedOutcome,
} from './record-attempts.js';

/**
 * Resolves after the I/O already waiting has been handled. better-sqlite3 commits synchronously, so
 * a write started straight from a delivery's completion would run (fsync included) before any other
 * response is even read: one commit per callback. Starting it from the check phase instead lets
 * every response that arrived meanwhile (e.g. during the previous fsync) join the same commit.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * How long a finished result may wait for company before it is written on its own. Results also
 * ride along with the next claim (one commit for both) and are written at once when a full batch
 * has finished or the worker falls idle. Waiting costs nothing in safety: until its result is
 * committed a callback is simply not reported delivered, and a crash means one more delivery.
 */
const FLUSH_DELAY_MS = 50;

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
  private readonly queue: {
    callback: ClaimedCallback;
    destination: Destination | null;
    leaseUntil: number;
  }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly finished: FinishedAttempt[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private nextFlush: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | undefined;
  private running = false;
  private stopping = false;
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

  /**
   * Callbacks per claim. Every claim is a commit that waits for the disk, so batches are several
   * rounds deep; the lease check in dispatch keeps a job that waited long from being sent late.
   */
  private get batchSize() {
    return this.options.concurrency * 4;
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
    this.stopping = false;
    this.loop = this.run();
  }

  /** Asks the loop to look for work now (an event was just enqueued in this process). */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake();
    await this.loop;
    // Claimed but not started: their leases lapse and another worker (or the next start) takes them.
    this.queue.length = 0;
    await Promise.all(this.inFlight);
    await this.scheduleFlush();
    clearTimeout(this.flushTimer);
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 500;
    while (this.running) {
      let claimed = 0;
      try {
        // Top the local queue up before it runs dry, so deliveries never wait on a claim.
        // Up to two batches are kept queued: a claim is a commit that may take a while, and the
        // deliveries must not run dry meanwhile. Dispatch drops a job whose lease could run out.
        if (this.queue.length < this.batchSize) claimed = await this.claimBatch();
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

  /**
   * Claims the next batch and (on SQLite) writes the results finished so far in the same
   * transaction: with every commit waiting for the disk, one commit per batch serves both.
   */
  private async claimBatch(): Promise<number> {
    // On SQLite every commit is an fsync that blocks the process, so fewer commits is everything; on
    // PostgreSQL results are written on another connection in parallel with the claim instead.
    const results = this.ctx.db.capabilities.blockingCommits
      ? this.finished.splice(0, this.finished.length)
      : [];
    const leaseUntil = this.ctx.now().getTime() + this.leaseMs;
    let outcomes: RecordedOutcome[] = [];
    // If this fails (reported by the loop), the results are not recorded: their leases lapse and the
    // callbacks are delivered again. At least once.
    const claimed = await tx(this.ctx, async (t) => {
      // A lease alone need not wait for the disk: if a crash loses it, the callback is simply
      // claimable again (at least once). Results are never committed this way.
      if (results.length === 0) await this.ctx.db.capabilities.relaxDurability(t.db);
      if (results.length > 0) outcomes = await recordAttempts(t.db, this.owner, results);
      return claimDueCallbacks(this.ctx, this.owner, this.batchSize, this.leaseMs, t.db);
    });
    this.countOutcomes(outcomes);
    if (claimed.length === 0) return 0;
    // URL and secret are read when the batch is claimed, moments before sending: a changed URL or a
    // regenerated secret applies to the next attempt.
    const destinations = await readDestinations(this.ctx, new Set(claimed.map((c) => c.account_id)));
    for (const callback of claimed)
      this.queue.push({ callback, destination: destinations.get(callback.account_id) ?? null, leaseUntil });
    return claimed.length;
  }

  private dispatch(): void {
    while (this.inFlight.size < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      // A live worker never loses a lease mid-delivery: a job that waited too long is left for its
      // lease to lapse and be claimed again (by this or another worker), rather than sent late.
      if (this.ctx.now().getTime() + this.timeoutMs > job.leaseUntil) continue;
      const p = this.deliver(job.callback, job.destination)
        .catch((err: unknown) => this.options.onError?.(err))
        .finally(() => {
          this.inFlight.delete(p);
          // Refill the freed slot at once: the loop may be busy claiming (a commit that waits for
          // the disk), and the queue must not stall behind it.
          if (!this.stopping) this.dispatch();
        });
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
    // This delivery is still counted in flight: it is the last one when the size is 1.
    const idle = this.queue.length === 0 && this.inFlight.size <= 1;
    if (idle || this.finished.length >= this.batchSize) void this.scheduleFlush();
    else this.flushTimer ??= setTimeout(() => void this.scheduleFlush(), FLUSH_DELAY_MS);
  }

  /** Resolves once everything finished so far is written. */
  private scheduleFlush(): Promise<void> {
    // Writes are chained, one at a time; results arriving during a write join the next one (group
    // commit). A write not yet started is shared by every result that finishes before it starts.
    if (this.nextFlush) return this.nextFlush;
    const next = this.flushing.then(nextTurn).then(() => {
      this.nextFlush = null;
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      return this.flush();
    });
    this.nextFlush = next;
    this.flushing = next;
    return next;
  }

  private countOutcomes(outcomes: RecordedOutcome[]): void {
    for (const outcome of outcomes) this.options.metrics?.deliveries.inc({ outcome });
  }

  private async flush(): Promise<void> {
    if (this.finished.length === 0) return;
    const batch = this.finished.splice(0, this.finished.length);
    try {
      this.countOutcomes(await writeAttemptResults(this.ctx, this.owner, batch));
    } catch (err) {
      // Not recorded: the leases lapse and the callbacks are delivered again. At least once.
      this.options.onError?.(err);
    }
  }
}
