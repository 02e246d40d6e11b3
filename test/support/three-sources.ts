// Test infrastructure: the same result documents through the file, the Mongo (wire test server, or the
// real server at MONGODB_URI) and the results-API sources, and the status.json each gives, apart from
// the `source` block that describes the traffic. BSON dates are written to the file and served by the
// API as extended JSON ({"$date": …}), as mongoexport and the API would give them.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EJSON } from 'bson';
import { MongoClient, type Document } from 'mongodb';
import { generate } from '../../src/app/generate.js';
import { DEFAULT_CONFIG, type ReportingConfig } from '../../src/config/index.js';
import type { Logger } from '../../src/core/index.js';
import { createFileSource, type ResultsSource } from '../../src/sources/index.js';
import { createMongoSource } from '../../src/sources/mongo/index.js';
import { createTestApiSource } from '../../src/sources/testapi/index.js';
import { startMongoWireServer, type MongoWireServer } from './mongo-wire-server.js';
import { startResultsApiServer } from './results-api-server.js';

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Two projects; vping_ssh is in both, so a document without project_name cannot be matched by it. */
const CRITERIA: Record<string, string> = {
  'functest.yaml': `project: functest
tiers:
  - name: smoke
    order: 1
    scored: true
    testcases:
      - name: vping_ssh
        criteria: 'status == "PASS"'
        dependencies: { installer: '', scenario: '' }
      - name: vping_userdata
        criteria: 'status == "PASS"'
        dependencies: { installer: '', scenario: '' }
      - name: tempest_smoke_serial
        criteria: 'success_rate == 100%'
        dependencies: { installer: '', scenario: '' }
`,
  'yardstick.yaml': `project: yardstick
tiers:
  - name: smoke
    order: 1
    scored: true
    testcases:
      - name: vping_ssh
        criteria: 'status == "PASS"'
        dependencies: { installer: '', scenario: '' }
      - name: ping
        criteria: 'status == "PASS"'
        dependencies: { installer: '', scenario: '' }
`,
};

export interface ThreeSources {
  /** status.json without `source` from the file, Mongo and results-API sources, as two-space JSON. */
  statuses(documents: Document[], overrides?: Partial<ReportingConfig>): Promise<Record<Source, string>>;
  close(): Promise<void>;
}

export type Source = 'file' | 'mongo' | 'api';

export async function startThreeSources(
  options: { reverseNaturalOrder?: boolean; criteriaDir?: string } = {},
): Promise<ThreeSources> {
  const work = await mkdtemp(join(tmpdir(), 'scenario-report-three-sources-'));
  const criteriaDir = options.criteriaDir ?? join(work, 'criteria');
  if (options.criteriaDir === undefined) {
    await mkdir(criteriaDir);
    for (const [name, text] of Object.entries(CRITERIA)) await writeFile(join(criteriaDir, name), text);
  }
  let wire: MongoWireServer | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    wire = await startMongoWireServer({ reverseNaturalOrder: options.reverseNaturalOrder ?? false });
    uri = wire.uri;
  }
  const client = new MongoClient(uri);
  const database = `scenario_report_three_${process.pid}`;
  let round = 0;

  const statuses = async (documents: Document[], overrides: Partial<ReportingConfig> = {}) => {
    round++;
    const config = (source: string): ReportingConfig => ({
      ...DEFAULT_CONFIG,
      asOf: '2016-07-14T23:59:59Z',
      ...overrides,
      source,
      database,
      collection: `results_${round}`,
      criteriaDir,
      outDir: join(work, 'out'),
      statePath: join(work, 'none', 'state.json'),
    });
    const asOf = Date.parse(config('').asOf as string);
    const json = documents.map((document) => EJSON.serialize(document, { relaxed: true }) as Document);
    const file = join(work, `results-${round}.ndjson`);
    await writeFile(file, json.map((document) => JSON.stringify(document)).join('\n') + '\n');
    const collection = client.db(database).collection(`results_${round}`);
    if (documents.length > 0) await collection.insertMany(documents.map((document) => ({ ...document })));
    const api = await startResultsApiServer({ documents: json, pageSize: 7, now: asOf });
    try {
      const run = async (uri: string, source: (cfg: ReportingConfig) => ResultsSource) => {
        const cfg = config(uri);
        const result = await generate({
          config: cfg,
          logger: quiet,
          now: () => asOf,
          dryRun: true,
          source: source(cfg),
        });
        return JSON.stringify({ ...result.status, source: undefined }, null, 2);
      };
      return {
        file: await run(`file:${file}`, () => createFileSource(file)),
        mongo: await run(uri as string, (cfg) => createMongoSource(cfg)),
        api: await run(api.url, (cfg) => createTestApiSource(api.url, cfg, { now: () => asOf })),
      };
    } finally {
      await api.close();
      await collection.drop().catch(() => undefined);
    }
  };

  return {
    statuses,
    close: async () => {
      await client.db(database).dropDatabase();
      await client.close();
      await wire?.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
