import { describe, expect, it } from 'vitest';
import { findNul, nestsAtMost } from '../../../src/platform/http/json-values.js';

describe('findNul', () => {
  it('finds a NUL in nested values and keys, first in document order', () => {
    expect(findNul({ a: 'x', b: ['ok', 'n\u0000'] })).toEqual(['b', '1']);
    expect(findNul({ a: { 'k\u0000': 1 } })).toEqual(['a', 'k\u0000']);
    expect(findNul({ a: 'a\u0000', b: 'b\u0000' })).toEqual(['a']);
    expect(findNul('\u0000')).toEqual([]);
    expect(findNul({ a: [1, null, true, { b: 'fine' }] })).toBeNull();
  });

  it('handles nesting far deeper than the call stack allows', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNul(deep)).toHaveLength(100_000);
  });
});

describe('nestsAtMost', () => {
  it('counts arrays and objects, not scalars', () => {
    expect(nestsAtMost('x', 0)).toBe(true);
    expect(nestsAtMost({}, 0)).toBe(false);
    expect(nestsAtMost({ a: [1, { b: 'c' }] }, 3)).toBe(true);
    expect(nestsAtMost({ a: [1, { b: 'c' }] }, 2)).toBe(false);
    expect(nestsAtMost({ a: 1, b: [[]] }, 3)).toBe(true);
    expect(nestsAtMost({ a: 1, b: [[[]]] }, 3)).toBe(false);
  });

  it('answers for values far deeper than JSON.stringify can serialise', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(nestsAtMost(deep, 32)).toBe(false);
  });
});
