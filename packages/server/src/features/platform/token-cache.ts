import type { Scope } from './scopes.js';

/** A live service token as the guard needs it. */
export interface CachedToken {
  id: string;
  name: string;
  scopes: ReadonlySet<Scope>;
  /** The stored hash, compared in constant time with the presented token's. */
  tokenHash: string;
}

interface Entry {
  value: CachedToken | null;
  loadedAt: number;
}

export interface TokenCacheOptions {
  /** By token hash; null when no live token has it. */
  load(tokenHash: string): Promise<CachedToken | null>;
  /** How long a look-up (found or not) is trusted: the bound on a missed revocation notice. */
  maxAgeMs?: number;
  maxEntries?: number;
  clock?: () => number;
}

/**
 * Service tokens by hash, trusted for `maxAgeMs` (750 ms): a revocation on another instance takes
 * effect within that bound even when its notice is lost. Invalidation wins every race: a look-up
 * that started before it is used by its callers but not cached.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<CachedToken | null>>();
  private epoch = 0;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly clock: () => number;

  constructor(private readonly options: TokenCacheOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 750;
    this.maxEntries = options.maxEntries ?? 1000;
    this.clock = options.clock ?? (() => performance.now());
  }

  has(tokenHash: string): boolean {
    return this.entries.has(tokenHash);
  }

  async get(tokenHash: string): Promise<CachedToken | null> {
    const now = this.clock();
    const hit = this.entries.get(tokenHash);
    if (hit && now - hit.loadedAt < this.maxAgeMs) return hit.value;
    const pending = this.inflight.get(tokenHash);
    if (pending) return pending;
    const load = this.loadAndStore(tokenHash, now, this.epoch);
    this.inflight.set(tokenHash, load);
    try {
      return await load;
    } finally {
      if (this.inflight.get(tokenHash) === load) this.inflight.delete(tokenHash);
    }
  }

  private async loadAndStore(tokenHash: string, startedAt: number, epoch: number) {
    const value = await this.options.load(tokenHash);
    if (epoch !== this.epoch) return value;
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { value, loadedAt: startedAt });
    while (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** Any change to a token (few, and operator-made): forget everything. */
  invalidateAll(): void {
    this.epoch++;
    this.inflight.clear();
    this.entries.clear();
  }

  sweep(): void {
    const now = this.clock();
    for (const [hash, entry] of this.entries)
      if (now - entry.loadedAt >= this.maxAgeMs) this.entries.delete(hash);
  }
}
