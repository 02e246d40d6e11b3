// Day-by-day result data built in code, a small criteria folder to score it with, and the three sources
// (file, MongoDB wire server, results API) it can be served from, so one test runs on each.
import { spawn } from 'node:child_process';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ObjectId } from 'bson';
import { cli } from './cli.js';
import { startMongoWireServer } from './mongo-wire-server.js';
import { startResultsApiServer } from './results-api-server.js';

/** Two scored smoke tests, runnable everywhere: a scenario with 4 passing runs of each is validated. */
const CRITERIA = `project: functest
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
`;

export const TEST_CASES = ['vping_ssh', 'vping_userdata'];

export async function writeCriteria(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'functest.yaml'), CRITERIA);
  return dir;
}

export interface DayRuns {
  day: string;
  version?: string;
  installer: string;
  scenario: string;
  passed?: boolean;
  /** Distinguishes several runs of the same day. */
  build?: number;
}

let counter = 0;

/** One result document per test case for a run of `installer` on `scenario` that day, at 06:00 UTC. */
export function dayDocuments(runs: DayRuns): Record<string, unknown>[] {
  const version = runs.version ?? 'master';
  const build = runs.build ?? Number(runs.day.replaceAll('-', '')) % 100_000;
  return TEST_CASES.map((caseName) => ({
    _id: (++counter).toString(16).padStart(24, '0'),
    project_name: 'functest',
    case_name: caseName,
    installer: runs.installer,
    version,
    scenario: runs.scenario,
    pod_name: 'lf-pod2',
    build_tag: `jenkins-functest-${runs.installer}-baremetal-daily-${version}-${build}`,
    criteria: runs.passed === false ? 'FAIL' : 'PASS',
    start_date: `${runs.day} 06:00:${String(build % 60).padStart(2, '0')}`,
    details: {},
  }));
}

/** The report days from `first`, `count` of them, as YYYY-MM-DD. */
export function reportDays(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

/** A place documents are served from, filled as the days go by. */
export interface DaysSource {
  /** The --source value. */
  uri: string;
  add(documents: Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
}

export type SourceKind = 'file' | 'mongo' | 'api';

export async function openDaysSource(kind: SourceKind, work: string): Promise<DaysSource> {
  if (kind === 'file') {
    const path = join(work, 'results.ndjson');
    await writeFile(path, '');
    return {
      uri: `file:${path}`,
      add: (documents) =>
        appendFile(path, documents.map((document) => `${JSON.stringify(mongoExport(document))}\n`).join('')),
      close: async () => {},
    };
  }
  if (kind === 'mongo') {
    const wire = await startMongoWireServer();
    return {
      uri: wire.uri,
      add: async (documents) =>
        wire.insert(
          'test_results_collection',
          'results',
          documents.map((document) => ({ ...document, _id: new ObjectId(String(document._id)) })),
        ),
      close: () => wire.close(),
    };
  }
  const documents: Record<string, unknown>[] = [];
  const api = await startResultsApiServer({ documents, now: Date.now(), pageSize: 500 });
  return {
    uri: api.url,
    add: async (more) => {
      documents.push(...more);
    },
    close: () => api.close(),
  };
}

/** `_id` as mongoexport writes an ObjectId. */
function mongoExport(document: Record<string, unknown>): Record<string, unknown> {
  return typeof document._id === 'string' ? { ...document, _id: { $oid: document._id } } : document;
}

/** The built CLI, asynchronously, so servers in this test process can answer it. */
export async function runCliAsync(args: string[], cwd: string) {
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH ?? '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout, stderr };
}
