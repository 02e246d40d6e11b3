// What only the wire-protocol test server can stage: an old server without $topN, a connection that
// drops in the middle of a cursor, credentials the server refuses. (The shared Mongo source suite runs
// against a real server too; these need the test server's hooks.)
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/index.js';
import { SourceError, type ResultDocument } from '../../src/core/index.js';
import type { ResultsQuery } from '../../src/sources/index.js';
import { createMongoSource } from '../../src/sources/mongo/index.js';
import { startMongoWireServer, type MongoWireServer } from '../support/mongo-wire-server.js';
import { plainItem } from '../support/source-items.js';

const AS_OF = Date.parse('2016-07-14T23:59:59Z');
let server: MongoWireServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const query: ResultsQuery = {
  versions: ['colorado'],
  installers: [],
  projects: ['functest'],
  testCases: ['vping_ssh'],
  testCaseKeys: [{ project: 'functest', name: 'vping_ssh' }],
  from: AS_OF - 10 * 86_400_000,
  to: AS_OF,
  maxRuns: 4,
  detailsPaths: [],
  groupByPod: false,
};

function scenarios(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    project_name: 'functest',
    case_name: 'vping_ssh',
    installer: 'fuel',
    version: 'colorado',
    scenario: `os-scenario-${i}`,
    criteria: 'PASS',
    start_date: new Date(AS_OF - 3_600_000),
  }));
}

async function readAll(uri: string, q = query) {
  const source = createMongoSource({ ...DEFAULT_CONFIG, source: uri });
  const received: ResultDocument[] = [];
  try {
    for await (const document of source.documents(q)) received.push(plainItem(document));
  } finally {
    await source.close();
  }
  return { received, stats: source.stats() };
}

describe('Mongo source on servers the shared suite cannot stage', () => {
  it('keeps the newest runs with $sort + $push on a server older than MongoDB 5.0', async () => {
    server = await startMongoWireServer({ maxWireVersion: 9 });
    server.insert('test_results_collection', 'results', scenarios(3));
    const { received } = await readAll(server.uri);
    expect(received).toHaveLength(3);
    const pipeline = JSON.stringify(server.aggregates[0]?.pipeline);
    expect(pipeline).toContain('$push');
    expect(pipeline).not.toContain('$setWindowFields');
  });

  it('ranks with $setWindowFields from MongoDB 5.0 (wire version 13) on', async () => {
    server = await startMongoWireServer({ maxWireVersion: 13 });
    server.insert('test_results_collection', 'results', scenarios(3));
    await readAll(server.uri);
    expect(JSON.stringify(server.aggregates[0]?.pipeline)).toContain('$setWindowFields');
  });

  it.each([9, 21])(
    'sends every copy of the newest maxRuns runs, and the runs behind them, on wire version %i',
    async (maxWireVersion) => {
      server = await startMongoWireServer({ maxWireVersion });
      const at = (hoursAgo: number) => ({
        project_name: 'functest',
        case_name: 'vping_ssh',
        installer: 'fuel',
        version: 'colorado',
        scenario: 'os-nosdn-nofeature-ha',
        build_tag: `build-${hoursAgo}`,
        criteria: 'PASS',
        start_date: new Date(AS_OF - hoursAgo * 3_600_000),
      });
      // Three copies of the newest run: they share one place, so runs 2, 3 and 4 still come, 5 does not.
      server.insert('test_results_collection', 'results', [at(1), at(1), at(1), at(2), at(3), at(4), at(5)]);
      const { received } = await readAll(server.uri);
      expect(received.map((document) => document.build_tag).sort()).toEqual([
        'build-1',
        'build-1',
        'build-1',
        'build-2',
        'build-3',
        'build-4',
      ]);
    },
  );

  it('fails with a SourceError when the connection drops in the middle of a cursor', async () => {
    server = await startMongoWireServer();
    server.insert('test_results_collection', 'results', scenarios(1500));
    server.dropNextGetMore();
    const error = await readAll(server.uri).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/lost while reading/);
    expect(server.commands).toContain('getMore');
  });

  it('ends a batch before it reaches 16 MiB, as a server does', async () => {
    server = await startMongoWireServer();
    const big = 'x'.repeat(7 * 1024 * 1024);
    server.insert('db', 'blobs', [{ big }, { big }, { big }, { big }, { big }]);
    const client = new MongoClient(server.uri);
    try {
      const documents = await client.db('db').collection('blobs').find({}, { batchSize: 100 }).toArray();
      expect(documents).toHaveLength(5);
      // Two documents (14 MiB) a batch: the first batch and two getMores.
      expect(server.commands.filter((name) => name === 'getMore')).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it('forgets a cursor left idle longer than the cursor timeout', async () => {
    let clock = 0;
    server = await startMongoWireServer({ cursorTimeoutMs: 600_000, now: () => clock });
    server.insert('test_results_collection', 'results', scenarios(300));
    const client = new MongoClient(server.uri);
    try {
      const cursor = client.db('test_results_collection').collection('results').find({}, { batchSize: 100 });
      await cursor.next();
      clock += 600_001;
      const error = await cursor.toArray().catch((e: unknown) => e);
      expect((error as { code?: number }).code).toBe(43);
    } finally {
      await client.close();
    }
  });

  it('can feed pipelines the documents in reverse, so order between equals is not promised', async () => {
    server = await startMongoWireServer({ reverseNaturalOrder: true });
    server.insert('db', 'c', [
      { n: 1, key: 0 },
      { n: 2, key: 0 },
    ]);
    const client = new MongoClient(server.uri);
    try {
      const sorted = await client
        .db('db')
        .collection('c')
        .aggregate([{ $sort: { key: 1 } }])
        .toArray();
      expect(sorted.map((d) => d.n)).toEqual([2, 1]);
    } finally {
      await client.close();
    }
  });

  it('says authentication failed, naming the user but not the password', async () => {
    server = await startMongoWireServer({ refuseAuth: true });
    const uri = server.uri.replace('mongodb://', 'mongodb://reporter:not-the-password@');
    const error = await readAll(uri).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/authentication failed for user "reporter"/);
    expect((error as Error).message).not.toContain('not-the-password');
  });
});
