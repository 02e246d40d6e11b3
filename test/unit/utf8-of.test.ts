// A page handed over in pieces that may not fit in its batch's buffer is written as the UTF-8 of its
// pieces joined (publish/fs.ts utf8Of), whatever their sizes, each page its own bytes. A piece is whole
// text (a template's, a row's): it never ends inside a character, so each is well formed here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Of } from '../../src/publish/fs.js';

const piece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  // Long pieces among short ones.
  fc.nat({ max: 3 }).map((times) => '✓·a'.repeat(times * 12_000)),
);

describe('utf8Of', () => {
  it('gives the bytes of the pieces joined, page after page, each page its own copy', () => {
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 8 }), { minLength: 1, maxLength: 4 }), (pages) => {
        const encoded = pages.map((pieces) => utf8Of(pieces));
        pages.forEach((pieces, index) => {
          expect(encoded[index]?.equals(Buffer.from(pieces.join('')))).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });
});
