/**
 * Broadcast after callbacks are enqueued: workers in this process (and, on PostgreSQL, in other
 * processes) claim at once instead of at the next poll. Purely an optimisation: workers still poll.
 */
export const CALLBACKS_ENQUEUED = 'callbacks.enqueued';
