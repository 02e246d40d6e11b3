// The same results through the file, the Mongo and the results-API sources give the same status.json,
// apart from the `source` block that describes the traffic.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EJSON } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/app/generate.js';
import { DEFAULT_CONFIG, type ReportingConfig } from '../../src/config/index.js';
import type { Logger } from '../../src/core/index.js';
import { createFileSource } from '../../src/sources/index.js';
import { createMongoSource } from '../../src/sources/mongo/index.js';
import { createTestApiSource } from '../../src/sources/testapi/index.js';
import { startMongoWireServer, type MongoWireServer } from '../support/mongo-wire-server.js';
import { startResultsApiServer, type ResultsApiServer } from '../support/results-api-server.js';

const root = resolve(import.meta.dirname, '../..');
const sample = join(root, 'examples/results.sample.ndjson');
const AS_OF = '2016-07-14T23:59:59Z';
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const database = `scenario_report_equivalence_${process.pid}`;

let work: string;
let dataset: string;
let wire: MongoWireServer | undefined;
let api: ResultsApiServer;
let mongoUri: string;
let client: MongoClient;

/**
 * The sample lines every source can hold and send: JSON at all (a database cannot store the broken
 * line), with the version, case_name and start_date a database matches on (it never sends the others,
 * so it cannot count them; the file source does).
 */
async function sampleLines(): Promise<string[]> {
  return (await readFile(sample, 'utf8')).split('\n').filter((line) => {
    try {
      const document = JSON.parse(line) as Record<string, unknown>;
      return (
        document.version !== undefined &&
        document.case_name !== undefined &&
        document.start_date !== undefined &&
        document.start_date !== 'yesterday at noon'
      );
    } catch {
      return false;
    }
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-equivalence-'));
  const lines = await sampleLines();
  dataset = join(work, 'results.ndjson');
  await writeFile(dataset, `${lines.join('\n')}\n`);
  if (process.env.MONGODB_URI) {
    mongoUri = process.env.MONGODB_URI;
  } else {
    wire = await startMongoWireServer();
    mongoUri = wire.uri;
  }
  client = new MongoClient(mongoUri);
  // The database holds BSON (extended JSON dates become dates); the API serves the JSON as it is.
  await client
    .db(database)
    .collection('results')
    .insertMany(lines.map((line) => EJSON.parse(line, { relaxed: false }) as Record<string, unknown>));
  const json = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  api = await startResultsApiServer({ documents: json, pageSize: 200, now: Date.parse(AS_OF) });
});

afterAll(async () => {
  await client.db(database).dropDatabase();
  await client.close();
  await wire?.close();
  await api.close();
  await rm(work, { recursive: true, force: true });
});

function config(source: string): ReportingConfig {
  return {
    ...DEFAULT_CONFIG,
    source,
    database,
    criteriaDir: join(root, 'criteria'),
    asOf: AS_OF,
    outDir: join(work, 'out'),
    statePath: join(work, 'none', 'state.json'),
  };
}

async function statusWithout(
  sourceOf: (config: ReportingConfig) => ReturnType<typeof createFileSource>,
  uri: string,
) {
  const cfg = config(uri);
  const result = await generate({
    config: cfg,
    logger: quiet,
    now: () => 0,
    dryRun: true,
    source: sourceOf(cfg),
  });
  const { source, ...rest } = result.status;
  return { source, rest: JSON.stringify(rest, null, 2) };
}

/** Every document a source sent is in exactly one bucket: the buckets add up to `read`. */
function expectAccounted(accounting: Record<string, number>): void {
  const { read, ...buckets } = accounting;
  expect(Object.keys(buckets)).toEqual([
    'used',
    'rejected',
    'duplicates',
    'outsideWindow',
    'beyondMaxRuns',
    'beyondLimits',
    'excluded',
    'notInCriteria',
    'notAskedFor',
  ]);
  expect(Object.values(buckets).reduce((sum, count) => sum + count, 0)).toBe(read);
}

describe('file, Mongo and results-API sources', () => {
  it('give the same status.json apart from the source block', async () => {
    const file = await statusWithout(() => createFileSource(dataset), `file:${dataset}`);
    const mongo = await statusWithout((cfg) => createMongoSource(cfg), mongoUri);
    const http = await statusWithout(
      (cfg) => createTestApiSource(api.url, cfg, { now: () => Date.parse(AS_OF) }),
      api.url,
    );
    expect(mongo.rest).toBe(file.rest);
    expect(http.rest).toBe(file.rest);
    expect(file.rest).toContain('os-nosdn-nofeature-ha');
    expect(file.rest).toContain('"no installer": 1');
    expect(mongo.source.aggregates).toBe(2);
    expect(mongo.source.documentsReceived).toBeLessThan(file.source.documentsReceived);
    for (const { source } of [file, mongo, http]) expectAccounted(source.accounting);
    // A file sends every line: each is accounted for.
    expect(file.source.accounting.read).toBe((await sampleLines()).length);
  });

  it('count the same run read twice once, as duplicates, and agree on it', async () => {
    // A quarter of the sample is enough, and keeps four reports of it quick.
    const lines = (await sampleLines()).filter((_, i) => i % 4 === 0);
    const single = join(work, 'quarter.ndjson');
    await writeFile(single, `${lines.join('\n')}\n`);
    const twice = join(work, 'twice.ndjson');
    // Two exports concatenated: the same _id twice in a file or from an API.
    await writeFile(twice, `${[...lines, ...lines].join('\n')}\n`);
    const json = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const doubled = await startResultsApiServer({
      documents: [...json, ...json],
      pageSize: 200,
      now: Date.parse(AS_OF),
    });
    // A database cannot hold one _id twice: the second load gets new ones, the runs are the same.
    const copies = client.db(database).collection('results_twice');
    const bson = () => lines.map((line) => EJSON.parse(line, { relaxed: false }) as Record<string, unknown>);
    await copies.insertMany(bson());
    await copies.insertMany(bson().map(({ _id, ...fields }) => fields));
    try {
      const once = await statusWithout(() => createFileSource(single), `file:${single}`);
      const file = await statusWithout(() => createFileSource(twice), `file:${twice}`);
      const mongo = await statusWithout(
        (cfg) => createMongoSource({ ...cfg, collection: 'results_twice' }),
        mongoUri,
      );
      const http = await statusWithout(
        (cfg) => createTestApiSource(doubled.url, cfg, { now: () => Date.parse(AS_OF) }),
        doubled.url,
      );
      expect(mongo.rest).toBe(file.rest);
      expect(http.rest).toBe(file.rest);
      const documents = (status: string) =>
        (JSON.parse(status) as { documents: { used: number; rejected: number } }).documents;
      // A document that is no run has no run identity: each copy is rejected, and counted so.
      expect(documents(file.rest)).toMatchObject({
        used: documents(once.rest).used,
        duplicates: documents(once.rest).used,
        rejected: 2 * documents(once.rest).rejected,
      });
      // Everything else, per-installer counts aside, is what the sample read once gives.
      const withoutDocuments = (status: string) =>
        JSON.parse(status, (key, value: unknown) => (key === 'documents' ? undefined : value)) as unknown;
      expect(withoutDocuments(file.rest)).toEqual(withoutDocuments(once.rest));
      for (const { source } of [file, mongo, http]) expectAccounted(source.accounting);
    } finally {
      await doubled.close();
    }
  });
});
