// The file source: NDJSON and JSON arrays as mongoexport writes them, streamed, pre-filtered without
// ever dropping a wanted or malformed document, and refusing a truncated file.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resultDocument } from '../support/builders.js';
import { SourceError, isUnreadable, type ResultDocument } from '../../src/core/index.js';
import { createFileSource, type FileSourceOptions, type ResultsQuery } from '../../src/sources/index.js';
import { sampleNdjson } from '../../scripts/generate-sample.js';
import { plainItem } from '../support/source-items.js';
import { rangeFilters, readRange } from '../../src/sources/file/range-scan.js';
import { readRuns } from '../../src/app/read-runs.js';
import { DEFAULT_CONFIG } from '../../src/config/index.js';

const root = resolve(import.meta.dirname, '../..');
const AS_OF = Date.parse('2016-07-14T23:59:59Z');
const DAY = 86_400_000;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scenario-report-file-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const query = (overrides: Partial<ResultsQuery> = {}): ResultsQuery => ({
  versions: [],
  installers: [],
  projects: [],
  testCases: [],
  testCaseKeys: [],
  from: AS_OF - 10 * DAY,
  to: AS_OF,
  maxRuns: 10,
  detailsPaths: [],
  groupByPod: false,
  ...overrides,
});

const doc = (n: number, fields: Record<string, unknown> = {}) => ({
  _id: { $oid: n.toString(16).padStart(24, '0') },
  ...resultDocument({ pod_name: undefined, ...fields }),
});

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function readAll(path: string, q = query()): Promise<ResultDocument[]> {
  const documents: ResultDocument[] = [];
  for await (const document of createFileSource(path).documents(q)) documents.push(plainItem(document));
  return documents;
}

describe('file formats', () => {
  const documents = [
    doc(1),
    doc(2, { start_date: { $date: '2016-07-13T06:00:00Z' } }),
    doc(3, { details: { a: '[{,}]"' } }),
  ];

  it('reads NDJSON, JSON arrays on one line and pretty-printed ones the same', async () => {
    const ndjson = await readAll(
      await fileWith('a.ndjson', `${documents.map((d) => JSON.stringify(d)).join('\n')}\n`),
    );
    const array = await readAll(await fileWith('b.json', JSON.stringify(documents)));
    const pretty = await readAll(await fileWith('c.json', `\n  ${JSON.stringify(documents, null, 2)}\n`));
    expect(ndjson).toEqual(documents);
    expect(array).toEqual(documents);
    expect(pretty).toEqual(documents);
  });

  it('reads pretty-printed objects one after another, as mongoexport --pretty writes them', async () => {
    const text = `\ufeff${documents.map((d) => JSON.stringify(d, null, 2)).join('\n')}\n`;
    expect(await readAll(await fileWith('p.json', text))).toEqual(documents);
  });

  it('hands a stray closer between pretty-printed objects on, and still finds the next one', async () => {
    const text = `${JSON.stringify(doc(1), null, 2)}\n}\n${JSON.stringify(doc(2), null, 2)}\n`;
    expect(await readAll(await fileWith('q.json', text))).toEqual([
      doc(1),
      { unreadable: 'invalid JSON' },
      doc(2),
    ]);
  });

  it('allows blank lines and Windows line ends, and keeps extended JSON as it is', async () => {
    const text = `\n${JSON.stringify(documents[0])}\r\n\r\n${JSON.stringify(documents[1])}\n\n`;
    expect(await readAll(await fileWith('d.ndjson', text))).toEqual(documents.slice(0, 2));
  });

  it.each([
    ['a JSON array', (documents: object[]) => JSON.stringify(documents)],
    ['NDJSON', (documents: object[]) => documents.map((d) => JSON.stringify(d)).join('\n')],
  ])('reads a document cut across read chunks, in %s', async (_layout, write) => {
    // Three and a half 1 MiB chunks of two-byte characters: the cuts fall inside the line and a character.
    const log = 'é'.repeat(1.75 * 1024 * 1024);
    const big = doc(4, { details: { log } });
    const path = await fileWith('e.json', write([doc(5), big, doc(6)]));
    const read = await readAll(path);
    expect((read[1]?.details as { log: string }).log).toBe(log);
    expect(read.map((d) => (d._id as { $oid: string }).$oid)).toEqual(
      [doc(5), big, doc(6)].map((d) => d._id.$oid),
    );
  });

  it('hands a line that is not JSON on, marked, so it is counted as invalid', async () => {
    const path = await fileWith(
      'f.ndjson',
      `${JSON.stringify(doc(1))}\n{"installer": "fuel",\n${JSON.stringify(doc(2))}\n`,
    );
    const read = await readAll(path);
    expect(read).toHaveLength(3);
    expect(read[1]).toEqual({ unreadable: 'invalid JSON' });
  });

  it('hands an array element that is not JSON on, marked, and goes on with the next', async () => {
    const path = await fileWith(
      'f.json',
      `[${JSON.stringify(doc(1))}, {"installer": fuel}, ${JSON.stringify(doc(2))}]`,
    );
    const read = await readAll(path);
    expect(read).toHaveLength(3);
    expect(read[1]).toEqual({ unreadable: 'invalid JSON' });
  });

  it('hands a real document holding $tooLarge or $unparseable fields on as a document', async () => {
    const documents = [doc(1, { $tooLarge: 67108864 }), doc(2, { $unparseable: '{' })];
    const ndjson = documents.map((d) => JSON.stringify(d)).join('\n');
    expect(await readAll(await fileWith('t.ndjson', `${ndjson}\n`))).toEqual(documents);
  });

  it('keeps $numberLong and $oid values as they are', async () => {
    const long = doc(1, {
      start_date: { $date: { $numberLong: String(AS_OF - DAY) } },
      trust_indicator: { $numberLong: '7' },
    });
    expect(await readAll(await fileWith('n.ndjson', `${JSON.stringify(long)}\n`))).toEqual([long]);
  });
});

describe('refusals', () => {
  it('refuses NDJSON cut in the middle of its last line', async () => {
    const text = `${JSON.stringify(doc(1))}\n${JSON.stringify(doc(2)).slice(0, 40)}`;
    await expect(readAll(await fileWith('g.ndjson', text))).rejects.toThrow(/truncated/);
  });

  it.each([
    ['NDJSON', (text: string) => text],
    ['a JSON array', (text: string) => `[${text.split('\n').join(',')}`],
    [
      'pretty-printed objects',
      (text: string) =>
        text
          .split('\n')
          .map((line) => JSON.stringify(JSON.parse(line), null, 2))
          .join('\n'),
    ],
  ])('says at which byte the cut document of %s starts', async (_format, shape) => {
    // Non-ASCII text before the cut: the position is in bytes, as `cmp` or `dd` would count.
    const whole = shape(
      `${JSON.stringify(doc(1, { details: { note: 'café ✓' } }))}\n${JSON.stringify(doc(2))}`,
    );
    const cutAt = Buffer.byteLength(whole.slice(0, whole.lastIndexOf('{', whole.lastIndexOf('"_id"'))));
    const path = await fileWith('cut.txt', whole.slice(0, -20));
    await expect(readAll(path)).rejects.toThrow(`(byte ${cutAt})`);
  });

  it('refuses a JSON array that never closes', async () => {
    const text = JSON.stringify([doc(1), doc(2)]).slice(0, -30);
    await expect(readAll(await fileWith('h.json', text))).rejects.toBeInstanceOf(SourceError);
  });

  it('refuses two JSON arrays one after the other, naming where the second starts', async () => {
    const first = JSON.stringify([doc(1), doc(2)]);
    const path = await fileWith('two.json', `${first}\n${JSON.stringify([doc(3)])}\n`);
    await expect(readAll(path)).rejects.toThrow(
      `goes on after its JSON array closes (byte ${Buffer.byteLength(first) + 1})`,
    );
  });

  it('allows blank space after the array closes', async () => {
    const path = await fileWith('i.json', `${JSON.stringify([doc(1), doc(2)])}\r\n\n  \n`);
    expect(await readAll(path)).toHaveLength(2);
  });

  it('names a file that cannot be read', async () => {
    await expect(readAll(join(dir, 'missing.ndjson'))).rejects.toThrow(
      /cannot read file:.*missing\.ndjson: ENOENT.*Check the path/,
    );
  });
});

describe('filtering as it reads', () => {
  const outside = '2016-06-01 06:00:00';

  it('drops only what is clearly outside the query, and keeps every malformed document', async () => {
    const lines = [
      doc(1),
      doc(2, { start_date: outside }),
      doc(3, { version: 'master' }),
      doc(4, { installer: 'apex' }),
      doc(5, { project_name: 'other' }),
      doc(6, { start_date: undefined }),
      doc(7, { start_date: 'last tuesday' }),
      doc(8, { version: undefined }),
      doc(9, { start_date: { $date: Date.parse(outside) } }),
      doc(10, { start_date: { $date: '2016-06-01T06:00:00Z' } }),
      doc(11, { start_date: { $date: AS_OF - DAY } }),
    ];
    const path = await fileWith('i.ndjson', `${lines.map((d) => JSON.stringify(d)).join('\n')}\n`);
    const read = await readAll(
      path,
      query({ versions: ['colorado'], installers: ['fuel'], projects: ['functest'] }),
    );
    expect(read.map((d) => Number.parseInt((d._id as { $oid: string }).$oid, 16))).toEqual([1, 6, 7, 8, 11]);
  });

  it('never judges a document by a start_date nested in its details', async () => {
    const nested = { _id: { $oid: 'a'.repeat(24) }, installer: 'fuel', details: { start_date: outside } };
    const later = { ...doc(2, { start_date: undefined }), details: { start_date: outside } };
    const path = await fileWith('j.ndjson', `${JSON.stringify(nested)}\n${JSON.stringify(later)}\n`);
    expect(await readAll(path)).toHaveLength(2);
  });

  it('keeps a $date number written in exponent form (never judged on its leading digits)', async () => {
    const text = JSON.stringify(doc(1, { start_date: { $date: 0 } })).replace(
      '{"$date":0}',
      '{"$date":1.468e12}',
    );
    expect(await readAll(await fileWith('x.ndjson', `${text}\n`))).toHaveLength(1);
  });

  it.each([
    ['start_date', { start_date: outside }, ',"start_date":"2016-07-13 06:00:00"}'],
    ['version', { version: 'master' }, ',"version":"colorado"}'],
    ['start_date (escaped)', { start_date: outside }, ',"start\\u005fdate":"2016-07-13 06:00:00"}'],
    ['version (escaped)', { version: 'master' }, ',"\\u0076ersion":"colorado"}'],
    ['installer', { installer: 'apex' }, ',"installer":"fuel"}'],
    ['installer (escaped)', { installer: 'apex' }, ',"\\u0069nstaller":"fuel"}'],
  ])('keeps a document whose %s key repeats (JSON.parse keeps the last one)', async (_key, first, last) => {
    const text = JSON.stringify(doc(1, first)).replace(/}$/, last);
    expect(
      await readAll(
        await fileWith('y.ndjson', `${text}\n`),
        query({ versions: ['colorado'], installers: ['fuel'] }),
      ),
    ).toHaveLength(1);
  });

  it('keeps a date written without a zone within a day of the window (it may be in another zone)', async () => {
    const edge = doc(1, { start_date: '2016-07-15 10:00:00' });
    const path = await fileWith('k.ndjson', `${JSON.stringify(edge)}\n`);
    expect(await readAll(path)).toHaveLength(1);
  });

  it('counts what it read', async () => {
    const path = await fileWith(
      'l.ndjson',
      `${[doc(1), doc(2, { start_date: outside })].map((d) => JSON.stringify(d)).join('\n')}\n`,
    );
    const source = createFileSource(path);
    for await (const document of source.documents(query())) expect(document).toBeDefined();
    expect(source.stats()).toMatchObject({ commands: 1, documentsReceived: 2 });
    expect(source.stats().bytesReceived).toBe((await readFile(path)).length);
  });
});

describe('in parts, for worker threads', () => {
  // Ranges of 64 bytes: every document crosses one.
  const inParts: FileSourceOptions = {
    parallel: { rangeBytes: 64, chunkBytes: 32, minFileBytes: 0 },
  };
  const oneStream: FileSourceOptions = { parallel: null };
  const shown = (item: unknown) => (isUnreadable(item) ? item.reason : item);

  async function streamed(path: string) {
    const source = createFileSource(path, oneStream);
    const items: unknown[] = [];
    for await (const item of source.documents(query())) items.push(shown(item));
    return { items, stats: source.stats() };
  }

  /** The parts read one after another on this thread, as each worker thread reads one. */
  async function readInParts(path: string) {
    const source = createFileSource(path, inParts);
    const parts = await source.parts?.(query());
    if (!parts) throw new Error('not offered in parts');
    const items: unknown[] = [];
    try {
      for (const range of parts.ranges) {
        const read = readRange(parts.file, range, rangeFilters(query()));
        for (const item of read.items) items.push(shown(item));
        parts.received(read.received);
      }
    } finally {
      await parts.close();
    }
    return { items, stats: source.stats(), ranges: parts.ranges.length };
  }

  it('gives, part after part, the items and counts of the read as one stream', async () => {
    const lines = [
      JSON.stringify(doc(1, { details: { note: 'café ✓ 😀' } })),
      '',
      JSON.stringify(doc(2, { start_date: '2016-06-01 06:00:00' })),
      'not json',
      `${JSON.stringify(doc(3))}\r`,
      '   ',
      JSON.stringify(doc(4, { start_date: '2016-07-13T06:00:00Z' })),
      JSON.stringify(doc(5, { version: 'euphrates' })),
    ];
    const path = await fileWith('parts.ndjson', `${lines.join('\n')}\n`);
    const { ranges, ...read } = await readInParts(path);
    expect(read).toEqual(await streamed(path));
    expect(ranges).toBeGreaterThan(lines.length);
    expect(read.items).toHaveLength(5);
    expect(read.stats).toMatchObject({ commands: 1, documentsReceived: 6, leftOut: { outsideWindow: 1 } });
    expect(read.stats.bytesReceived).toBe((await readFile(path)).length);
  });

  it('is read as one stream when the file is small or not one document a line', async () => {
    const lines = [doc(1), doc(2)].map((d) => JSON.stringify(d));
    const partsOf = async (path: string, options: FileSourceOptions) =>
      createFileSource(path, options).parts?.(query());
    const ndjson = await fileWith('small.ndjson', `${lines.join('\n')}\n`);
    const array = await fileWith('array.json', `[${lines.join(',\n')}]`);
    expect(
      await partsOf(ndjson, { parallel: { rangeBytes: 64, chunkBytes: 32, minFileBytes: 1 << 20 } }),
    ).toBe(null);
    expect(await partsOf(array, inParts)).toBe(null);
    expect(await partsOf(ndjson, { plain: true })).toBe(null);
    const parts = await partsOf(ndjson, inParts);
    await parts?.close();
    expect(parts?.ranges.length).toBeGreaterThan(1);
  });

  it('refuses a file cut inside its last line with the same words, on worker threads too', async () => {
    const text = `${JSON.stringify(doc(1))}\n${JSON.stringify(doc(2)).slice(0, 90)}`;
    const path = await fileWith('cut-parts.ndjson', text);
    const message = await streamed(path).catch((error: Error) => error.message);
    expect(message).toMatch(/truncated/);
    await expect(readInParts(path)).rejects.toThrow(message as string);
    const onThreads = readRuns(createFileSource(path, inParts), query(), { testCases: [] }, DEFAULT_CONFIG);
    await expect(onThreads).rejects.toThrow(SourceError);
    await expect(onThreads).rejects.toThrow(message as string);
  });

  it('leaves no thread running when a read in parts fails: the process ends by itself', async () => {
    const line = JSON.stringify(doc(1));
    const path = await fileWith(
      'fails.ndjson',
      `${Array.from({ length: 2_000 }, () => line).join('\n')}\n{"cut`,
    );
    const script = `
      import { createFileSource } from ${JSON.stringify(join(root, 'src/sources/file/index.ts'))};
      import { readRuns } from ${JSON.stringify(join(root, 'src/app/read-runs.ts'))};
      import { DEFAULT_CONFIG } from ${JSON.stringify(join(root, 'src/config/index.ts'))};
      const source = createFileSource(process.argv[1], ${JSON.stringify(inParts)});
      await readRuns(source, ${JSON.stringify(query())}, { testCases: [] }, DEFAULT_CONFIG).catch(
        (error) => process.stdout.write(error.name),
      );
    `;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, path],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, TMPDIR: dir },
        timeout: 30_000,
      },
    );
    expect(child.stderr).toBe('');
    expect([child.signal, child.status, child.stdout]).toEqual([null, 0, 'SourceError']);
  });
});

describe('memory', () => {
  it.each([
    ['NDJSON', (lines: string[]) => `${lines.join('\n')}\n`],
    ['a JSON array', (lines: string[]) => `[${lines.join(',\n')}]`],
  ])('streams 120 MB of %s in a process whose heap could not hold it', async (_format, shape) => {
    const line = JSON.stringify(doc(1, { details: { log: 'y'.repeat(12_000) } }));
    const path = join(dir, 'big.json');
    await writeFile(path, shape(Array.from({ length: 10_000 }, () => line)));
    const script = `
      import { createFileSource } from ${JSON.stringify(join(root, 'src/sources/file/index.ts'))};
      const query = ${JSON.stringify(query())};
      let count = 0;
      for await (const document of createFileSource(process.argv[1]).documents(query)) count += document ? 1 : 0;
      process.stdout.write(String(count));
    `;
    const child = spawnSync(
      process.execPath,
      ['--max-old-space-size=64', '--import', 'tsx', '--input-type=module', '-e', script, path],
      // tsx keeps its cache in TMPDIR: this test's folder, not the system's.
      { cwd: root, encoding: 'utf8', env: { ...process.env, TMPDIR: dir } },
    );
    expect(child.stderr).not.toMatch(/heap out of memory/);
    expect(child.stdout).toBe('10000');
  });
});

describe('the bundled sample', () => {
  it('is exactly what its generator writes', async () => {
    expect(await readFile(join(root, 'examples/results.sample.ndjson'), 'utf8')).toBe(sampleNdjson());
  });
});
