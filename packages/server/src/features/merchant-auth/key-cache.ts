import type { BlockList } from 'node:net';
import type { RequestSigner } from '../../core/signature/index.js';
import type { AccountStatus } from '../accounts/index.js';

/** A key as request authentication needs it, ready to use: no parsing or decryption per request. */
export interface CachedKey {
  id: string;
  apiKey: string;
  name: string;
  accountId: string;
  accountStatus: AccountStatus;
  /** Only ids in the catalogue in force: one a config dropped grants nothing. */
  permissions: ReadonlySet<string>;
  /** null = any address. */
  whitelist: BlockList | null;
  signer: RequestSigner;
}

export interface KeyCacheOptions {
  load(apiKey: string): Promise<CachedKey | null>;
  /**
   * How long a look-up (found or not) is trusted before the database is asked again. This bound is
   * what makes a deletion or suspension on another instance (or the CLI) take effect in time even
   * when a NOTIFY is lost; NOTIFY only makes it faster.
   */
  maxAgeMs?: number;
  maxEntries?: number;
  /** Unknown keys get their own, smaller space, so a flood of made-up keys cannot evict real ones. */
  maxNegativeEntries?: number;
  /** Monotonic milliseconds; staleness is about elapsed time, not the (settable) business clock. */
  clock?: () => number;
}

interface Entry<T> {
  value: T;
  loadedAt: number;
}

/**
 * In-memory look-ups of API keys by their public id. A hit younger than `maxAgeMs` costs no
 * database query; concurrent misses for one key share one query. Invalidation wins every race:
 * a look-up that started before an invalidation is used by its own callers but never cached.
 */
export class KeyCache {
  private readonly found = new Map<string, Entry<CachedKey>>();
  private readonly unknown = new Map<string, Entry<null>>();
  private readonly inflight = new Map<string, Promise<CachedKey | null>>();
  private epoch = 0;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly maxNegativeEntries: number;
  private readonly clock: () => number;

  constructor(private readonly options: KeyCacheOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 750;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxNegativeEntries = options.maxNegativeEntries ?? 1_000;
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Whether anything (fresh or stale) is held for `apiKey`; lets tests observe an invalidation. */
  has(apiKey: string): boolean {
    return this.found.has(apiKey) || this.unknown.has(apiKey);
  }

  get size(): number {
    return this.found.size + this.unknown.size;
  }

  /**
   * The fresh cached answer for `apiKey` without a promise (the request path's common case):
   * a key, null for a known-unknown key, or undefined when `get` has to ask the database.
   */
  peek(apiKey: string): CachedKey | null | undefined {
    const hit = this.found.get(apiKey) ?? this.unknown.get(apiKey);
    return hit && this.clock() - hit.loadedAt < this.maxAgeMs ? hit.value : undefined;
  }

  async get(apiKey: string): Promise<CachedKey | null> {
    const now = this.clock();
    const hit = this.found.get(apiKey) ?? this.unknown.get(apiKey);
    if (hit && now - hit.loadedAt < this.maxAgeMs) return hit.value;
    const pending = this.inflight.get(apiKey);
    if (pending) return pending;
    const load = this.loadAndStore(apiKey, now, this.epoch);
    this.inflight.set(apiKey, load);
    try {
      return await load;
    } finally {
      if (this.inflight.get(apiKey) === load) this.inflight.delete(apiKey);
    }
  }

  private async loadAndStore(apiKey: string, startedAt: number, epoch: number): Promise<CachedKey | null> {
    const value = await this.options.load(apiKey);
    if (epoch !== this.epoch) return value;
    // Aged from when the query started: the row it read can be no older than that.
    this.found.delete(apiKey);
    this.unknown.delete(apiKey);
    if (value) store(this.found, apiKey, { value, loadedAt: startedAt }, this.maxEntries);
    else store(this.unknown, apiKey, { value: null, loadedAt: startedAt }, this.maxNegativeEntries);
    return value;
  }

  invalidate(change: { apiKey: string } | { accountId: string }): void {
    this.epoch++;
    this.inflight.clear();
    if ('apiKey' in change) {
      this.found.delete(change.apiKey);
      this.unknown.delete(change.apiKey);
      return;
    }
    for (const [apiKey, entry] of this.found)
      if (entry.value.accountId === change.accountId) this.found.delete(apiKey);
  }

  /** Forget everything: after a lost notification connection nothing cached can be trusted. */
  invalidateAll(): void {
    this.epoch++;
    this.inflight.clear();
    this.found.clear();
    this.unknown.clear();
  }

  /** Drops expired entries so deleted keys' signers do not linger in memory. */
  sweep(): void {
    const now = this.clock();
    for (const map of [this.found, this.unknown] as Map<string, Entry<unknown>>[])
      for (const [apiKey, entry] of map) if (now - entry.loadedAt >= this.maxAgeMs) map.delete(apiKey);
  }
}

function store<T>(map: Map<string, Entry<T>>, key: string, entry: Entry<T>, max: number) {
  map.set(key, entry);
  // Maps iterate in insertion order, so the first key is the one loaded longest ago.
  while (map.size > max) map.delete(map.keys().next().value as string);
}
