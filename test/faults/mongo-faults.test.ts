// A MongoDB server that stops answering with the connection open: the read ends, with a true message,
// instead of holding the job (and every later `schedule` tick) forever. Only the wire test server can
// be made silent, so unlike the Mongo source tests this file never runs against MONGODB_URI.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/index.js';
import { SourceError } from '../../src/core/index.js';
import { createMongoSource } from '../../src/sources/mongo/index.js';
import { startMongoWireServer, type MongoWireServer } from '../support/mongo-wire-server.js';

let wire: MongoWireServer | undefined;

afterEach(async () => {
  await wire?.close();
  wire = undefined;
});

/** One run for each of more scenarios than the source's batch of 1,000, so the read needs a getMore. */
const SCENARIOS = 1_200;
const result = (i: number) => ({
  project_name: 'functest',
  case_name: 'vping_ssh',
  installer: 'fuel',
  version: 'colorado',
  scenario: `os-nosdn-${i}-ha`,
  start_date: '2016-07-14 06:00:00',
  criteria: 'PASS',
});

async function readAll(silentOn: string[]): Promise<unknown> {
  wire = await startMongoWireServer({ silentOn });
  wire.insert(
    'test_results',
    'results',
    Array.from({ length: SCENARIOS }, (_, i) => result(i)),
  );
  const source = createMongoSource({
    ...DEFAULT_CONFIG,
    source: wire.uri,
    database: 'test_results',
    collection: 'results',
    mongo: { serverSelectionTimeoutMS: 200, maxTimeMS: 300, allowDiskUse: true },
  });
  const query = {
    versions: ['colorado'],
    installers: [],
    projects: ['functest'],
    testCases: ['vping_ssh'],
    testCaseKeys: [{ project: 'functest', name: 'vping_ssh' }],
    from: Date.parse('2016-07-05T00:00:00Z'),
    to: Date.parse('2016-07-14T23:59:59Z'),
    maxRuns: 4,
    detailsPaths: [],
    groupByPod: false,
  };
  let read = 0;
  try {
    for await (const document of source.documents(query)) if (document) read++;
    return `read ${read}`;
  } catch (error) {
    return error;
  } finally {
    await source.close();
  }
}

describe('a MongoDB server that stops answering', () => {
  it.each([
    ['before the first batch', 'aggregate'],
    ['in the middle of a cursor', 'getmore'],
  ])('%s: the read fails within maxTimeMS + serverSelectionTimeoutMS, saying so', async (_when, command) => {
    const error = await readAll([command]);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(
      /^MongoDB at mongodb:\/\/127\.0\.0\.1:\d+\/\S* \(test_results\.results\) did not answer within 500 ms \(mongo\.maxTimeMS \+ mongo\.serverSelectionTimeoutMS\); nothing was written\.$/,
    );
  });

  it('answering again, the same source reads every document', async () => {
    expect(await readAll([])).toBe(`read ${SCENARIOS}`);
  });
});
