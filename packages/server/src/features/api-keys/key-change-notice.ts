/**
 * Broadcast (through `t.broadcast`) when a key is created or deleted, with the public key id as
 * payload: every key cache forgets it — in this process after commit, on other instances sharing
 * PostgreSQL exactly when the change commits. The caches' bounded staleness covers a missed one.
 */
export const API_KEY_CHANGED = 'api_key.changed';
