import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  MAX_RETRIES,
  TOTAL_RETRY_WINDOW_SECONDS,
  nextAttemptAt,
  retryDelaySeconds,
} from '../../../src/features/callbacks/worker/retry-schedule.js';

describe('retry schedule', () => {
  it('matches the documented delays (PROTOCOL.md §2)', () => {
    expect(MAX_RETRIES).toBe(20);
    const delays = Array.from({ length: MAX_RETRIES }, (_, n) => retryDelaySeconds(n));
    expect(delays.slice(0, 7)).toEqual([30, 32, 48, 114, 290, 660, 1332]);
    // "1 d 5 h 10 m 24 s, 1 d 12 h 12 m 50 s"
    expect(delays.slice(-2)).toEqual([105024, 130370]);
    expect(105024).toBe(86400 + 5 * 3600 + 10 * 60 + 24);
    expect(130370).toBe(86400 + 12 * 3600 + 12 * 60 + 50);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(563_456);
    expect(TOTAL_RETRY_WINDOW_SECONDS).toBe(563_456);
  });

  it('rejects retry numbers outside 0..19', () => {
    for (const n of [-1, 20, 1.5, Number.NaN]) expect(() => retryDelaySeconds(n)).toThrow(RangeError);
  });

  it('schedules retry 0 thirty seconds after the first delivery fails', () => {
    const failedAt = new Date('2026-01-01T00:00:00.000Z');
    expect(nextAttemptAt(1, failedAt)?.toISOString()).toBe('2026-01-01T00:00:30.000Z');
    expect(nextAttemptAt(2, failedAt)?.toISOString()).toBe('2026-01-01T00:00:32.000Z');
  });

  it('gives up after the 21st attempt (the 20th retry) fails', () => {
    const failedAt = new Date('2026-01-01T00:00:00.000Z');
    expect(MAX_ATTEMPTS).toBe(21);
    expect(nextAttemptAt(20, failedAt)!.getTime() - failedAt.getTime()).toBe(130370 * 1000);
    expect(nextAttemptAt(21, failedAt)).toBeNull();
    expect(nextAttemptAt(22, failedAt)).toBeNull();
  });

  it('walking the whole schedule takes 563,456 s after the first attempt and 21 attempts', () => {
    let at = new Date(0);
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAt(attempts, at);
      if (next === null) break;
      at = next;
      attempts++;
    }
    expect(attempts).toBe(21);
    expect(at.getTime()).toBe(563_456_000);
  });

  it('rejects nonsense attempt numbers and dates', () => {
    expect(() => nextAttemptAt(0, new Date())).toThrow(RangeError);
    expect(() => nextAttemptAt(1.5, new Date())).toThrow(RangeError);
    expect(() => nextAttemptAt(1, new Date(Number.NaN))).toThrow(RangeError);
  });
});
