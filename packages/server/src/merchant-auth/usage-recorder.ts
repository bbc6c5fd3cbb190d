import type { AppContext } from '../context.js';
import { recordKeyUsage, type KeyUsage } from '../keys/api-key-store.js';

/**
 * last_used_at / last_used_ip without a database write per request: uses are remembered in
 * memory (latest per key) and written in one transaction per flush, one UPDATE per key.
 */
export class UsageRecorder {
  private pending = new Map<string, KeyUsage>();
  private flushing: Promise<void> | null = null;

  constructor(private readonly ctx: AppContext) {}

  record(id: string, ip: string): void {
    this.pending.set(id, { id, ip, at: this.ctx.now().toISOString() });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes everything recorded so far; concurrent calls wait for the same write. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = this.ctx.db.kysely
      .transaction()
      .execute((trx) => recordKeyUsage(trx, batch))
      .catch((err: unknown) => {
        // Keep the batch for the next flush unless a newer use of the key arrived meanwhile.
        for (const u of batch) if (!this.pending.has(u.id)) this.pending.set(u.id, u);
        throw err;
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }
}
