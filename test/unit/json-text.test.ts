// status.json is written in pieces: their concatenation must be JSON.stringify(value, null, 2), byte for byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../src/render/json-text.js';

const text = (value: unknown) => [...jsonPieces(value)].join('');

describe('jsonPieces', () => {
  it('is JSON.stringify(value, null, 2) for any JSON value, however deep', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 9 }), (value) => {
        expect(text(value)).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out what JSON.stringify leaves out, and writes null for it in an array', () => {
    const value = {
      kept: 1,
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Symbol('s'), 2],
      date: new Date(0),
      boxed: [Object(3), Object('x'), Object(true)],
      empty: { object: {}, array: [], map: new Map([[1, 2]]) },
      text: 'a line\nand "quotes" \u2028 and ✓',
    };
    expect(text(value)).toBe(JSON.stringify(value, null, 2));
  });

  it('splits a long list into many pieces, none of them the whole text', () => {
    const runs = Array.from({ length: 1000 }, (_, index) => ({ index, passed: index % 2 === 0 }));
    const pieces = [...jsonPieces({ versions: [{ runs }] })];
    expect(pieces.length).toBeGreaterThan(1000);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(100);
  });
});
