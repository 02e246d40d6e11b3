// status.json is written in pieces: their concatenation must be JSON.stringify(value, null, 2), byte for
// byte, but for the lists marked one item a line, which must still parse to the same value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces, OneItemPerLine } from '../../src/render/json-text.js';

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

  it('writes a OneItemPerLine list one compact item a line, and the text parses to the same value', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 })), fc.integer({ min: 0, max: 8 }), (items, depth) => {
        let value: unknown = { runs: OneItemPerLine.of(items) };
        for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { level: value };
        const written = text(value);
        expect(JSON.parse(written)).toEqual(JSON.parse(JSON.stringify(value)));
        const lines = written.split('\n').map((line) => line.trim().replace(/,$/, ''));
        for (const item of items) expect(lines).toContain(JSON.stringify(item));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a OneItemPerLine list a piece of its own at any depth, apart from the text around it', () => {
    // Joined to a reason's arrow, the run lines would be a two-byte string, twice as slow to encode.
    for (let depth = 0; depth < 10; depth++) {
      let value: unknown = { reason: '→ 3 points', runs: OneItemPerLine.of([{ passed: true }]), mark: '✓' };
      for (let level = 0; level < depth; level++) value = [value];
      const runs = [...jsonPieces(value)].filter((piece) => piece.includes('{"passed":true}'));
      expect(runs).toEqual([`[\n${'  '.repeat(depth + 2)}{"passed":true}\n${'  '.repeat(depth + 1)}]`]);
    }
  });

  it('writes around a OneItemPerLine list exactly as JSON.stringify(value, null, 2) does', () => {
    const runs = [
      { date: '2017-07-19', passed: true },
      { date: '2017-07-18', passed: false, note: 'a\nb' },
    ];
    const value = {
      tests: [{ name: 'vping', runs: OneItemPerLine.of(runs), points: 3 }],
      empty: OneItemPerLine.of([]),
    };
    expect(text(value)).toBe(
      [
        '{',
        '  "tests": [',
        '    {',
        '      "name": "vping",',
        '      "runs": [',
        '        {"date":"2017-07-19","passed":true},',
        '        {"date":"2017-07-18","passed":false,"note":"a\\nb"}',
        '      ],',
        '      "points": 3',
        '    }',
        '  ],',
        '  "empty": []',
        '}',
      ].join('\n'),
    );
  });
});
