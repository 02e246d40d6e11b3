// The file source's byte splitters give the same documents wherever the read chunks cut the bytes: inside
// a multi-byte character, a string, an escape, a nested object, a CRLF or a byte-order mark.
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/sources/file/line-splitter.js';
import { NestingSplitter } from '../../src/sources/file/nesting-splitter.js';
import type { DocumentText, Splitter } from '../../src/sources/file/splitter.js';
import { splitterFor } from '../../src/sources/file/index.js';

const documents = [
  { installer: 'fuel', details: { log: 'é😀 "quoted" \\ back', nested: [1, { x: '}{][,' }] } },
  {},
  { case_name: 'vping_ssh', tags: ['a,b', '[c]'], empty: '' },
  { start_date: { $date: 1468389600000 }, note: 'ü\n\ttab' },
];

const layouts: [string, string, () => Splitter][] = [
  [
    'NDJSON with blank lines and CRLF',
    `\n${documents.map((d) => JSON.stringify(d)).join('\r\n\r\n')}\n`,
    () => new LineSplitter(),
  ],
  ['a JSON array on one line', JSON.stringify(documents), () => new NestingSplitter('a.json', false)],
  [
    'a pretty-printed JSON array',
    `\ufeff  ${JSON.stringify(documents, null, 2)}\n`,
    () => new NestingSplitter('b.json', false),
  ],
  [
    'pretty-printed objects one after another',
    `\ufeff${documents.map((d) => JSON.stringify(d, null, 2)).join('\n')}\n`,
    () => new NestingSplitter('c.json', true),
  ],
];

/** The splitter fed `pieces` in order, then ended: every document text it gave. */
function split(splitter: Splitter, pieces: Buffer[]): DocumentText[] {
  const texts: DocumentText[] = [];
  for (const piece of pieces) texts.push(...splitter.push(piece));
  texts.push(
    ...splitter.end(
      'file',
      pieces.reduce((sum, piece) => sum + piece.length, 0),
    ),
  );
  return texts;
}

const parsedAll = (texts: DocumentText[]) =>
  texts.map((text) => (typeof text === 'string' ? JSON.parse(text) : text));

describe.each(layouts)('%s', (_layout, text, create) => {
  const bytes = Buffer.from(text, 'utf8');

  it('is read whole as the documents written', () => {
    expect(parsedAll(split(create(), [bytes]))).toEqual(documents);
  });

  it('gives the same documents when cut at every offset', () => {
    const whole = split(create(), [bytes]);
    for (let at = 0; at <= bytes.length; at++) {
      expect(split(create(), [bytes.subarray(0, at), bytes.subarray(at)]), `cut at byte ${at}`).toEqual(
        whole,
      );
    }
  });

  it('gives the same documents when cut twice, at every pair of offsets 7 bytes apart or more', () => {
    const whole = split(create(), [bytes]);
    for (let first = 0; first <= bytes.length; first += 3) {
      for (let second = first + 7; second <= bytes.length; second += 5) {
        const pieces = [bytes.subarray(0, first), bytes.subarray(first, second), bytes.subarray(second)];
        expect(split(create(), pieces), `cut at bytes ${first} and ${second}`).toEqual(whole);
      }
    }
  });

  it('gives the same documents fed one byte at a time', () => {
    const single = [...bytes].map((byte) => Buffer.from([byte]));
    expect(split(create(), single)).toEqual(split(create(), [bytes]));
  });

  it('gives the same documents when every chunk is read into one buffer, as the file source reads them', () => {
    for (const size of [1, 5, 16, 64]) {
      const buffer = Buffer.alloc(size);
      const splitter = create();
      const texts: DocumentText[] = [];
      for (let at = 0; at < bytes.length; at += size) {
        const read = bytes.copy(buffer, 0, at, at + size);
        texts.push(...splitter.push(buffer.subarray(0, read)));
        // What the splitter kept must not be the buffer's memory, which the next read overwrites.
        buffer.fill(0x20);
      }
      texts.push(...splitter.end('file', bytes.length));
      expect(texts, `chunks of ${size} bytes`).toEqual(split(create(), [bytes]));
    }
  });

  it('is recognised from its first bytes', () => {
    expect(splitterFor('file', bytes).constructor).toBe(create().constructor);
  });
});

describe('a file cut short', () => {
  it.each([
    ['NDJSON', `${JSON.stringify(documents[0])}\n{"installer":`, () => new LineSplitter()],
    [
      'a JSON array',
      `[${JSON.stringify(documents[0])},{"installer":`,
      () => new NestingSplitter('a.json', false),
    ],
  ])('is refused at the byte its last document starts, in %s', (_layout, text, create) => {
    const start = Buffer.byteLength(text) - Buffer.byteLength('{"installer":');
    expect(() => split(create(), [Buffer.from(text)])).toThrow(`(byte ${start})`);
  });
});
