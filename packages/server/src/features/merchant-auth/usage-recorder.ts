import type { AppContext } from '../../platform/context.js';
import { recordKeyUsage, type KeyUsage } from '../api-keys/index.js';

interface PendingUsage {
  id: string;
  ip: string;
  at: Date;
}

/**
 * last_used_at / last_used_ip without a database write per request: uses are remembered in
 * memory (latest per key) and written in one transaction per flush, one UPDATE per key.
 */
export class UsageRecorder {
  // The time stays a Date until a flush: no ISO string per request.
  private pending = new Map<string, PendingUsage>();
  private flushing: Promise<void> | null = null;

  constructor(private readonly ctx: AppContext) {}

  record(id: string, ip: string): void {
    const at = this.ctx.now();
    const entry = this.pending.get(id);
    if (entry) {
      entry.ip = ip;
      entry.at = at;
    } else this.pending.set(id, { id, ip, at });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes everything recorded so far; concurrent calls wait for the same write. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const taken = [...this.pending.values()];
    const batch: KeyUsage[] = taken.map((u) => ({ id: u.id, ip: u.ip, at: u.at.toISOString() }));
    this.pending = new Map();
    this.flushing = this.ctx.db.kysely
      .transaction()
      .execute((trx) => recordKeyUsage(trx, batch))
      .catch((err: unknown) => {
        // Keep the batch for the next flush unless a newer use of the key arrived meanwhile.
        for (const u of taken) if (!this.pending.has(u.id)) this.pending.set(u.id, u);
        throw err;
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }
}
