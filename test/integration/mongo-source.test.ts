// The Mongo source against a real server when MONGODB_URI is set, otherwise against the project's wire
// protocol test server. The tests and the source are the same in both modes.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generate } from '../../src/app/generate.js';
import { DEFAULT_CONFIG } from '../../src/config/index.js';
import { ConfigError, SourceError, type Logger, type ResultDocument } from '../../src/core/index.js';
import type { ResultsQuery } from '../../src/sources/index.js';
import {
  RESULTS_INDEX_NAME,
  createMongoSource,
  createResultIndexes,
  resultsIndexSpec,
  resultsPipeline,
} from '../../src/sources/mongo/index.js';
import { startMongoWireServer, type MongoWireServer } from '../support/mongo-wire-server.js';
import { plainItem } from '../support/source-items.js';

const DAY = 86_400_000;
const AS_OF = Date.parse('2016-07-14T23:59:59Z');
const database = `scenario_report_test_${process.pid}`;
let uri: string;
let wire: MongoWireServer | undefined;
let client: MongoClient;

beforeAll(async () => {
  if (process.env.MONGODB_URI) {
    uri = process.env.MONGODB_URI;
  } else {
    wire = await startMongoWireServer();
    uri = wire.uri;
  }
  client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
});

afterAll(async () => {
  await client.db(database).dropDatabase();
  await client.close();
  await wire?.close();
});

beforeEach(async () => {
  await client.db(database).dropDatabase();
});

const config = (overrides: Partial<typeof DEFAULT_CONFIG> = {}) => ({
  ...DEFAULT_CONFIG,
  source: uri,
  database,
  collection: 'results',
  ...overrides,
});

const query = (overrides: Partial<ResultsQuery> = {}): ResultsQuery => ({
  versions: [],
  installers: [],
  projects: ['functest'],
  testCases: ['vping_ssh', 'tempest_smoke_serial'],
  testCaseKeys: [
    { project: 'functest', name: 'vping_ssh' },
    { project: 'functest', name: 'tempest_smoke_serial' },
  ],
  from: AS_OF - 10 * DAY,
  to: AS_OF,
  maxRuns: 4,
  detailsPaths: ['details.success_rate'],
  groupByPod: false,
  ...overrides,
});

/** One run a day for 30 days before asOf, per version, installer and test case; big details. */
function history(versions: string[], installers: string[]): Document[] {
  const documents: Document[] = [];
  for (const version of versions) {
    for (const installer of installers) {
      for (const caseName of ['vping_ssh', 'tempest_smoke_serial']) {
        for (let day = 0; day < 30; day++) {
          documents.push({
            project_name: 'functest',
            case_name: caseName,
            installer,
            version,
            scenario: 'os-nosdn-nofeature-ha',
            pod_name: 'lf-pod2',
            build_tag: `jenkins-functest-${installer}-lf-pod2-daily-${version}-${day}`,
            criteria: 'PASS',
            start_date: new Date(AS_OF - day * DAY - 3_600_000),
            details: { success_rate: 100, duration: 60, tests: ['a'.repeat(200)], secret_stuff: { x: 1 } },
          });
        }
      }
    }
  }
  return documents;
}

async function readAll(
  source: ReturnType<typeof createMongoSource>,
  q: ResultsQuery,
): Promise<ResultDocument[]> {
  const received: ResultDocument[] = [];
  try {
    for await (const document of source.documents(q)) received.push(plainItem(document));
  } finally {
    await source.close();
  }
  return received;
}

const startOf = (document: ResultDocument) => new Date(document.start_date as Date).getTime();

describe('Mongo source', () => {
  it('sends exactly one aggregate per version', async () => {
    await client
      .db(database)
      .collection('results')
      .insertMany(history(['colorado', 'master', 'danube'], ['fuel']));
    const source = createMongoSource(config());
    await readAll(source, query({ versions: ['colorado', 'master'] }));
    expect(source.stats().aggregates).toBe(2);
    const discovering = createMongoSource(config());
    await readAll(discovering, query());
    expect(discovering.stats().aggregates).toBe(3);
  });

  it('tells its trace (--verbose) of every batch received, adding up to what it counts', async () => {
    await client
      .db(database)
      .collection('results')
      .insertMany(history(['colorado'], ['fuel', 'apex']));
    const pages: { command: string; documents: number; bytes: number }[] = [];
    const source = createMongoSource(config(), (event, fields) => {
      if (event === 'source.page') pages.push(fields as (typeof pages)[number]);
    });
    const received = await readAll(source, query({ maxRuns: 4 }));
    expect(pages.map((page) => page.command)).toContain('aggregate');
    expect(pages.filter((page) => page.command === 'aggregate')).toHaveLength(1);
    expect(pages.reduce((sum, page) => sum + page.documents, 0)).toBe(received.length);
    expect(pages.reduce((sum, page) => sum + page.bytes, 0)).toBe(source.stats().bytesReceived);
  });

  it('receives only the newest maxRuns runs inside the window, and only the details paths the criteria read', async () => {
    await client
      .db(database)
      .collection('results')
      .insertMany(history(['colorado'], ['fuel', 'apex']));
    const source = createMongoSource(config());
    const received = await readAll(source, query({ maxRuns: 4 }));
    expect(received).toHaveLength(2 * 2 * 4);
    for (const document of received) {
      expect(startOf(document)).toBeGreaterThan(AS_OF - 4 * DAY);
      expect(startOf(document)).toBeLessThanOrEqual(AS_OF);
      expect(Object.keys(document.details as object)).toEqual(['success_rate']);
    }
    expect(source.stats().documentsReceived).toBe(received.length);
    expect(source.stats().bytesReceived).toBeGreaterThan(0);
  });

  it('receives bytes in proportion to the runs used, not to the collection', async () => {
    const results = client.db(database).collection('results');
    await results.insertMany(history(['colorado'], ['fuel']));
    const small = createMongoSource(config());
    const before = await readAll(small, query({ versions: ['colorado'], maxRuns: 4 }));
    // Eight times the collection, none of the rest wanted: older runs (BSON and string dates), another
    // version, another test case.
    const older = history(['colorado'], ['fuel']).map((document, i) => ({
      ...document,
      start_date:
        i % 2 === 0
          ? new Date((document.start_date as Date).getTime() - 60 * DAY)
          : new Date((document.start_date as Date).getTime() - 60 * DAY)
              .toISOString()
              .replace('T', ' ')
              .slice(0, 19),
    }));
    for (let copy = 0; copy < 3; copy++) await results.insertMany(older.map((document) => ({ ...document })));
    await results.insertMany(history(['danube', 'euphrates'], ['fuel']));
    await results.insertMany(
      history(['colorado'], ['fuel', 'apex']).map((document) => ({ ...document, case_name: 'rally_full' })),
    );
    expect(await results.countDocuments()).toBe(8 * 60);
    const large = createMongoSource(config());
    const after = await readAll(large, query({ versions: ['colorado'], maxRuns: 4 }));
    expect(after).toHaveLength(before.length);
    expect(large.stats().documentsReceived).toBe(small.stats().documentsReceived);
    // The same runs cross the network; only the handshake's size may differ (a server's clock, ids).
    expect(large.stats().bytesReceived).toBeLessThan(small.stats().bytesReceived * 1.05);
  });

  it('never receives a run outside the window even when maxRuns would allow more', async () => {
    await client
      .db(database)
      .collection('results')
      .insertMany(history(['colorado'], ['fuel']));
    const received = await readAll(createMongoSource(config()), query({ maxRuns: 50 }));
    expect(received).toHaveLength(2 * 10);
    expect(Math.min(...received.map(startOf))).toBeGreaterThan(AS_OF - 10 * DAY);
  });

  it('orders string and BSON dates together when keeping the newest runs', async () => {
    const base = history(['colorado'], ['fuel']).filter((d) => d.case_name === 'vping_ssh');
    const mixed = base.map((document, i) => ({
      ...document,
      build_tag: `build-${i}`,
      start_date:
        i % 2 === 0
          ? document.start_date
          : (document.start_date as Date).toISOString().replace('T', ' ').slice(0, 19),
    }));
    await client.db(database).collection('results').insertMany(mixed);
    const received = await readAll(
      createMongoSource(config()),
      query({ maxRuns: 3, testCases: ['vping_ssh'] }),
    );
    expect(received.map((d) => d.build_tag).sort()).toEqual(['build-0', 'build-1', 'build-2']);
  });

  it('gives the same documents with $setWindowFields and with $sort + $push', async () => {
    await client
      .db(database)
      .collection('results')
      .insertMany(history(['colorado'], ['fuel', 'apex']));
    const collection = client.db(database).collection('results');
    const options = { dataTimeZone: 'UTC', excludeVirtual: false, excludeNoha: false, withoutVersion: false };
    const run = async (windowFields: boolean) =>
      (
        await collection
          .aggregate(resultsPipeline(query(), 'colorado', { ...options, windowFields }))
          .toArray()
      )
        .map((d) => String(d.build_tag) + String(d.case_name))
        .sort();
    expect(await run(true)).toEqual(await run(false));
  });

  it('yields nothing from a collection that does not exist', async () => {
    const received = await readAll(createMongoSource(config({ collection: 'no_such_collection' })), query());
    expect(received).toEqual([]);
  });

  it('fails quickly and without the password when the server is unreachable', async () => {
    // The monotonic clock: the wall clock of a virtual machine can step by seconds in the middle of a test.
    const started = performance.now();
    const source = createMongoSource(
      config({
        source: 'mongodb://reporter:s3cr3t-pass@127.0.0.1:1/?directConnection=true',
        mongo: { ...DEFAULT_CONFIG.mongo, serverSelectionTimeoutMS: 500 },
      }),
    );
    const error = await readAll(source, query()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/cannot reach MongoDB/);
    expect((error as Error).message).not.toContain('s3cr3t-pass');
    expect(source.description).not.toContain('s3cr3t-pass');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('creates the index the aggregation wants', async () => {
    await client
      .db(database)
      .collection('results')
      .insertMany(history(['colorado'], ['fuel']));
    const created = await createResultIndexes(config());
    expect(created.existed).toBe(false);
    const indexes = await client.db(database).collection('results').listIndexes().toArray();
    expect(indexes.map((index) => index.name)).toContain(created.name);
    expect((await createResultIndexes(config())).existed).toBe(true);
  });
});

describe('the server refuses what MongoDB refuses', () => {
  const results = () => client.db(database).collection('results');
  const codeOf = (error: unknown) => (error as { code?: number }).code;

  it('answers 85 to the same keys under another name and 86 to the same name on other keys', async () => {
    await results().createIndex({ version: 1, case_name: 1 }, { name: 'by_version' });
    const sameKeys = await results()
      .createIndex({ version: 1, case_name: 1 }, { name: 'other_name' })
      .catch((e: unknown) => e);
    expect(codeOf(sameKeys)).toBe(85);
    const sameName = await results()
      .createIndex({ installer: 1 }, { name: 'by_version' })
      .catch((e: unknown) => e);
    expect(codeOf(sameName)).toBe(86);
    expect(await results().createIndex({ version: 1, case_name: 1 }, { name: 'by_version' })).toBe(
      'by_version',
    );
  });

  it('answers 26 to listIndexes on a collection that does not exist', async () => {
    const error = await client
      .db(database)
      .collection('no_such_collection')
      .listIndexes()
      .toArray()
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe(26);
  });

  it('flattens arrays in distinct', async () => {
    await results().insertMany([
      { version: ['colorado', 'danube'] },
      { version: 'colorado' },
      { version: 7 },
    ]);
    const versions = await results().distinct('version');
    expect(versions.map(String).sort()).toEqual(['7', 'colorado', 'danube']);
  });

  it('indexes --create succeeds when the same index exists under another name', async () => {
    await results().createIndex(resultsIndexSpec(), { name: 'made_by_the_dba' });
    const created = await createResultIndexes(config());
    expect(created).toMatchObject({ name: 'made_by_the_dba', existed: true });
    const names = (await results().listIndexes().toArray()).map((index) => index.name);
    expect(names).not.toContain(RESULTS_INDEX_NAME);
  });

  it('indexes --create on a collection that does not exist yet creates it with the index', async () => {
    const created = await createResultIndexes(config({ collection: 'fresh_results' }));
    expect(created).toMatchObject({ name: RESULTS_INDEX_NAME, existed: false });
  });
});

describe('the job on the Mongo source', () => {
  let warnings: string[];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (event, fields) => warnings.push(`${event} ${JSON.stringify(fields)}`),
    error: () => {},
  };
  let work: string;

  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'scenario-report-mongo-job-'));
    warnings = [];
  });

  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const job = (overrides: Partial<typeof DEFAULT_CONFIG>) =>
    generate({
      config: config({
        criteriaDir: resolve(import.meta.dirname, '../../criteria'),
        asOf: new Date(AS_OF).toISOString(),
        outDir: join(work, 'out'),
        statePath: join(work, 'out', 'state.json'),
        ...overrides,
      }),
      logger,
      now: () => AS_OF,
    });

  it('fails with "holds no result document at all" and writes nothing when the collection does not exist', async () => {
    const error = await job({ collection: 'no_such_collection' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/holds no result document at all/);
    expect((error as Error).message).toContain('no_such_collection');
    expect(existsSync(join(work, 'out'))).toBe(false);
  });

  it('reports the versions that have results when another asked for has none in the window, and warns of that one', async () => {
    const danubeLongAgo = history(['danube'], ['fuel']).map((document) => ({
      ...document,
      start_date: new Date(AS_OF - 400 * DAY),
    }));
    await client
      .db(database)
      .collection('results')
      .insertMany([...history(['colorado'], ['fuel']), ...danubeLongAgo]);
    const result = await job({ versions: ['colorado', 'danube'] });
    expect(result.wroteFiles).toBe(true);
    expect(result.verdict.versions.map((version) => version.version)).toContain('colorado');
    expect(result.documents.used).toBeGreaterThan(0);
    expect(warnings).toEqual(['report.empty {"version":"danube","reason":"no scenario in the window"}']);
  });

  it('refuses a version asked for that the collection has never held, with the nearest known name', async () => {
    await client
      .db(database)
      .collection('results')
      .insertMany(history(['colorado'], ['fuel']));
    const error = await job({ versions: ['colorado', 'colorad0'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/unknown version "colorad0".*did you mean colorado\?/);
    expect(existsSync(join(work, 'out'))).toBe(false);
  });
});
