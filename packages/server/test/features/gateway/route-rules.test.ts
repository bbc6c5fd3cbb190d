import { describe, expect, it } from 'vitest';
import { compileRules, matchRule, pathSegments } from '../../../src/features/gateway/route-rules.js';

const rules = compileRules([
  { method: 'GET', path: '/orders/*', permission: 'orders:read' },
  { method: 'GET', path: '/orders/export/*', permission: 'orders:export' },
  { method: 'GET', path: '/orders/export/all', permission: 'orders:admin' },
  { method: 'POST', path: '/orders', permission: 'orders:write' },
  { method: 'GET', path: '/', permission: 'public' },
]);

const permissionFor = (method: string, path: string) => {
  const m = matchRule(rules, method, path);
  return m.kind === 'matched' ? m.rule.permission : m.kind;
};

describe('matchRule', () => {
  it('* is one or more path segments', () => {
    expect(permissionFor('GET', '/orders/1')).toBe('orders:read');
    expect(permissionFor('GET', '/orders/1/items/2')).toBe('orders:read');
    expect(permissionFor('GET', '/orders')).toBe('unmatched');
    expect(permissionFor('GET', '/orders/')).toBe('unmatched');
    expect(permissionFor('GET', '/ordersx/1')).toBe('unmatched');
  });

  it('the most specific rule wins: more literal segments, then exact over wildcard', () => {
    expect(permissionFor('GET', '/orders/export/1')).toBe('orders:export');
    expect(permissionFor('GET', '/orders/export/all')).toBe('orders:admin');
    expect(permissionFor('GET', '/orders/export/all/more')).toBe('orders:export');
    expect(permissionFor('GET', '/orders/export')).toBe('orders:read');
  });

  it("the method must be the rule's own", () => {
    expect(permissionFor('POST', '/orders')).toBe('orders:write');
    expect(permissionFor('PUT', '/orders')).toBe('unmatched');
    expect(permissionFor('HEAD', '/orders/1')).toBe('unmatched');
    expect(permissionFor('get', '/orders/1')).toBe('unmatched');
  });

  it('the root rule matches the mount itself, with or without its slash', () => {
    expect(permissionFor('GET', '')).toBe('public');
    expect(permissionFor('GET', '/')).toBe('public');
  });

  it('literal segments compare decoded, as the upstream will read them', () => {
    expect(permissionFor('POST', '/%6Frders')).toBe('orders:write');
    expect(permissionFor('GET', '/orders/export/%61ll')).toBe('orders:admin');
  });

  it('empty segments never match', () => {
    expect(permissionFor('GET', '/orders//1')).toBe('unmatched');
    expect(permissionFor('GET', '//orders/1')).toBe('unmatched');
    expect(permissionFor('GET', '/orders/1/')).toBe('unmatched');
  });
});

describe('pathSegments refuses paths that could be read another way', () => {
  it.each([
    ['/orders/../admin', 'ambiguous_segment'],
    ['/orders/./1', 'ambiguous_segment'],
    ['/orders/%2E%2E/admin', 'ambiguous_segment'],
    ['/orders/%2e/1', 'ambiguous_segment'],
    ['/orders/1%2Fadmin', 'ambiguous_segment'],
    ['/orders/1%5Cadmin', 'ambiguous_segment'],
    ['/orders/1\\admin', 'ambiguous_segment'],
    ['/orders/1%00', 'ambiguous_segment'],
    ['/orders/%E0%A4%A', 'invalid_encoding'],
    ['/orders/%zz', 'invalid_encoding'],
  ])('%s', (path, why) => {
    expect(pathSegments(path)).toEqual({ kind: 'ambiguous', why });
  });

  it('keeps ordinary encoded text', () => {
    expect(pathSegments('/caf%C3%A9/a%20b/...')).toEqual(['café', 'a b', '...']);
  });
});
