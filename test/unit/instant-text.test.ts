// instantText formats by arithmetic what Date#toISOString formats: it must agree with it on every instant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantText } from '../../src/core/index.js';

const reference = (instant: number) => new Date(instant).toISOString().replace('.000Z', 'Z');

describe('instantText', () => {
  it('is toISOString without a .000 before its Z, for any instant a Date can hold', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
          // Days near now, whole seconds included: the instants of real runs.
          fc.integer({ min: 1.4e12, max: 1.9e12 }).map((ms) => ms - (ms % 1000)),
          fc.integer({ min: 1.4e12, max: 1.9e12 }),
          fc.double({ min: -1e13, max: 1e13, noNaN: true }),
        ),
        (instant) => {
          expect(instantText(instant)).toBe(reference(instant));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('writes the day and the time of day at their edges, and fails as a Date does on what it cannot hold', () => {
    for (const instant of [
      0,
      -0,
      -1,
      999,
      1000,
      86_399_999,
      86_400_000,
      -86_400_000,
      8.64e15,
      -8.64e15,
      1.5e12 + 7,
    ])
      expect(instantText(instant)).toBe(reference(instant));
    expect(instantText(Date.UTC(2017, 6, 19, 23, 59, 59))).toBe('2017-07-19T23:59:59Z');
    expect(instantText(Date.UTC(2017, 6, 19, 0, 0, 0, 50))).toBe('2017-07-19T00:00:00.050Z');
    for (const invalid of [Number.NaN, Infinity, 8.64e15 + 1])
      expect(() => instantText(invalid)).toThrow(RangeError);
  });
});
