/**
 * In-process announcements of committed changes (a key deleted, callbacks enqueued), one bus per
 * context — never module-level — so two apps in one process (tests, a second instance) never hear
 * each other. Across processes the same announcements travel as PostgreSQL notifications
 * (db/notifications.ts); `onGap` fires when those may have been missed, so caches start over.
 *
 * Publish through the transaction helper (`t.broadcast`), which announces only after commit.
 */
export type SignalListener = (payload: string) => void;

export class Signals {
  private readonly topics = new Map<string, Set<SignalListener>>();
  private readonly gapListeners = new Set<() => void>();

  /** Subscribes to one topic; returns the unsubscribe function. */
  on(topic: string, listener: SignalListener): () => void {
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit(topic: string, payload: string): void {
    for (const listener of this.topics.get(topic) ?? []) listener(payload);
  }

  /** Called when cross-process announcements may have been lost (listener reconnected). */
  onGap(listener: () => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  gap(): void {
    for (const listener of this.gapListeners) listener();
  }
}
