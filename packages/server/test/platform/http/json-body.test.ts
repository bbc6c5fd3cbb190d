import { describe, expect, it } from 'vitest';
import { findNul } from '../../../src/platform/http/json-body.js';

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
