import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { KeyCache, type CachedKey } from '../../../src/features/merchant-auth/key-cache.js';
import { authorizeKey } from '../../../src/features/merchant-auth/authorize-key.js';

const cachedKey = (apiKey: string, over: Partial<CachedKey> = {}): CachedKey => ({
  id: `id-${apiKey}`,
  apiKey,
  name: `key ${apiKey}`,
  accountId: 'acct-1',
  accountStatus: 'active',
  permissions: new Set(['invoices:read']),
  whitelist: null,
  signer: { sign: () => Buffer.alloc(20) },
  ...over,
});

function harness(rows: Map<string, CachedKey>, maxAgeMs = 750) {
  const clock = { now: 0 };
  const loads: string[] = [];
  let gate: Promise<void> | null = null;
  const cache = new KeyCache({
    maxAgeMs,
    maxEntries: 3,
    maxNegativeEntries: 2,
    clock: () => clock.now,
    async load(apiKey) {
      loads.push(apiKey);
      const row = rows.get(apiKey) ?? null; // the row as it was when the query ran
      if (gate) await gate;
      return row;
    },
  });
  return {
    cache,
    clock,
    loads,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

describe('KeyCache', () => {
  it('answers hits from memory until they are maxAge old, then asks again', async () => {
    const rows = new Map([['k1', cachedKey('k1')]]);
    const h = harness(rows);
    expect((await h.cache.get('k1'))?.id).toBe('id-k1');
    h.clock.now = 749;
    await h.cache.get('k1');
    expect(h.loads).toEqual(['k1']);
    rows.delete('k1');
    h.clock.now = 750;
    expect(await h.cache.get('k1')).toBeNull();
    expect(h.loads).toEqual(['k1', 'k1']);
  });

  it('caches unknown keys briefly too', async () => {
    const rows = new Map<string, CachedKey>();
    const h = harness(rows);
    expect(await h.cache.get('nope')).toBeNull();
    expect(await h.cache.get('nope')).toBeNull();
    expect(h.loads).toEqual(['nope']);
    rows.set('nope', cachedKey('nope'));
    h.clock.now = 800;
    expect(await h.cache.get('nope')).not.toBeNull();
  });

  it('shares one look-up between concurrent misses', async () => {
    const h = harness(new Map([['k1', cachedKey('k1')]]));
    const release = h.hold();
    const both = Promise.all([h.cache.get('k1'), h.cache.get('k1')]);
    release();
    const [x, y] = await both;
    expect(x).toBe(y);
    expect(h.loads).toEqual(['k1']);
  });

  it('forgets a key, or every key of an account, on invalidation', async () => {
    const rows = new Map([
      ['k1', cachedKey('k1')],
      ['k2', cachedKey('k2')],
      ['k3', cachedKey('k3', { accountId: 'acct-2' })],
    ]);
    const h = harness(rows);
    for (const k of ['k1', 'k2', 'k3']) await h.cache.get(k);
    h.cache.invalidate({ apiKey: 'k1' });
    expect(h.cache.has('k1')).toBe(false);
    expect(h.cache.has('k2')).toBe(true);
    h.cache.invalidate({ accountId: 'acct-1' });
    expect(h.cache.has('k2')).toBe(false);
    expect(h.cache.has('k3')).toBe(true);
    h.cache.invalidateAll();
    expect(h.cache.size).toBe(0);
  });

  it('never caches a look-up that raced an invalidation', async () => {
    const rows = new Map([['k1', cachedKey('k1')]]);
    const h = harness(rows);
    const release = h.hold();
    const inFlight = h.cache.get('k1'); // reads the row before the deletion commits...
    rows.delete('k1');
    h.cache.invalidate({ apiKey: 'k1' }); // ...and the deletion's notice arrives meanwhile
    release();
    expect(await inFlight).not.toBeNull(); // its own caller started before the deletion
    expect(h.cache.has('k1')).toBe(false);
    expect(await h.cache.get('k1')).toBeNull();
  });

  it('is bounded, and unknown keys cannot push out known ones', async () => {
    const rows = new Map(['a', 'b', 'c', 'd'].map((k) => [k, cachedKey(k)]));
    const h = harness(rows);
    for (const k of ['a', 'b', 'c', 'd']) await h.cache.get(k);
    expect(h.cache.has('a')).toBe(false); // the oldest of 4 > maxEntries 3
    for (const k of ['x1', 'x2', 'x3', 'x4']) await h.cache.get(k);
    expect(['b', 'c', 'd'].every((k) => h.cache.has(k))).toBe(true);
    expect(h.cache.size).toBe(5);
  });

  it('sweeps expired entries', async () => {
    const h = harness(new Map([['k1', cachedKey('k1')]]));
    await h.cache.get('k1');
    await h.cache.get('gone');
    h.clock.now = 100;
    h.cache.sweep();
    expect(h.cache.size).toBe(2);
    h.clock.now = 1000;
    h.cache.sweep();
    expect(h.cache.size).toBe(0);
  });
});

describe('authorizeKey', () => {
  const whitelist = new BlockList();
  whitelist.addAddress('203.0.113.7');

  it('checks the whitelist first, then the account, then the permission', () => {
    const key = cachedKey('k', { whitelist, accountStatus: 'suspended' });
    expect(authorizeKey(key, '198.51.100.1', 'invoices:write')).toBe('ip_not_allowed');
    expect(authorizeKey(key, '203.0.113.7', 'invoices:write')).toBe('account_not_active');
    expect(authorizeKey({ ...key, accountStatus: 'pending' }, '203.0.113.7', 'public')).toBe(
      'account_not_active',
    );
    const active = { ...key, accountStatus: 'active' as const };
    expect(authorizeKey(active, '203.0.113.7', 'invoices:write')).toBe('permission_denied');
    expect(authorizeKey(active, '203.0.113.7', 'invoices:read')).toBeNull();
    expect(authorizeKey(active, '203.0.113.7', 'public')).toBeNull();
  });
});
