// The README's "Differences from the 2016 job", one row each, on the smallest document set that shows it:
// what this tool gives (run as a user runs it), and what the 2016 job gave on the same documents.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/app/generate.js';
import { DEFAULT_CONFIG, type ReportingConfig } from '../../src/config/index.js';
import type { Logger } from '../../src/core/index.js';
import { root } from '../support/cli.js';

const AS_OF = '2016-07-14T23:59:59Z';
let work: string;
let files = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-legacy-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Doc {
  start: string;
  criteria?: string;
  case?: string;
  project?: string;
  scenario?: string;
}

interface ScenarioJson {
  scenario: string;
  runs: number;
  tests: { name: string; points: number }[];
}

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** fuel/colorado documents → the scenarios of status.json, the shipped criteria and `settings` applied. */
async function scenariosOf(docs: Doc[], settings: Partial<ReportingConfig> = {}): Promise<ScenarioJson[]> {
  const dir = join(work, String(files++));
  const lines = docs.map((doc) =>
    JSON.stringify({
      project_name: doc.project ?? 'functest',
      case_name: doc.case ?? 'vping_ssh',
      installer: 'fuel',
      version: 'colorado',
      scenario: doc.scenario ?? 'os-nosdn-nofeature-ha',
      criteria: doc.criteria ?? 'PASS',
      start_date: doc.start,
    }),
  );
  await writeFile(`${dir}.ndjson`, `${lines.join('\n')}\n`);
  const config: ReportingConfig = {
    ...DEFAULT_CONFIG,
    source: `file:${dir}.ndjson`,
    criteriaDir: join(root, 'criteria'),
    asOf: AS_OF,
    outDir: dir,
    statePath: join(dir, 'state.json'),
    ...settings,
  };
  const { status } = await generate({ config, logger: quiet, now: () => 0, dryRun: true });
  return (status.versions[0]?.installers[0]?.scenarios ?? []) as ScenarioJson[];
}

async function vpingPoints(
  docs: Doc[],
  settings: Partial<ReportingConfig> = {},
): Promise<number | undefined> {
  const [scenario] = await scenariosOf(docs, settings);
  return scenario?.tests.find((test) => test.name === 'vping_ssh')?.points;
}

const LEGACY: Partial<ReportingConfig> = { rule: 'legacy-2016' };
const day = (d: number, time = '06:00:00') => `2016-07-${String(d).padStart(2, '0')} ${time}`;

describe('differences from the 2016 job', () => {
  it('last runs: 5 until November 2016 (--original-last-runs 5), 4 by default', async () => {
    // One pass, then four failures: the newest 5 hold one pass (1 point), the newest 4 none (0 points).
    const docs = [{ start: day(9) }, ...[10, 11, 12, 13].map((d) => ({ start: day(d), criteria: 'FAIL' }))];
    expect(await vpingPoints(docs, { ...LEGACY, originalLastRuns: 5 })).toBe(1);
    expect(await vpingPoints(docs, LEGACY)).toBe(0);
    expect(await vpingPoints(docs)).toBe(1);
  });

  it('listing: the 2016 job listed a scenario only when tempest_smoke_serial ran (--discover-by)', async () => {
    const docs = [
      { start: day(13), scenario: 'os-nosdn-nofeature-ha' },
      { start: day(13), scenario: 'os-nosdn-nofeature-ha', case: 'tempest_smoke_serial' },
      { start: day(13), scenario: 'os-odl_l2-nofeature-ha' },
    ];
    const names = (scenarios: ScenarioJson[]) => scenarios.map((scenario) => scenario.scenario);
    expect(names(await scenariosOf(docs))).toEqual(['os-nosdn-nofeature-ha', 'os-odl_l2-nofeature-ha']);
    expect(names(await scenariosOf(docs, { discoverBy: 'tempest_smoke_serial' }))).toEqual([
      'os-nosdn-nofeature-ha',
    ]);
  });

  it('window: a run exactly at as-of − period, or after as-of, is not counted (the 2016 job counted both)', async () => {
    // 2016: start_date >= now − period, no upper bound → 3 runs; here (as-of − 10 days, as-of] → 1.
    const docs = [{ start: day(4, '23:59:59') }, { start: day(10) }, { start: day(15) }];
    const [scenario] = await scenariosOf(docs);
    expect(scenario?.runs).toBe(1);
  });

  it('PASS: "passed" and "OK" pass here; the 2016 job looked for the substring "PASS", case-sensitive', async () => {
    // 2016: 2 of 4 runs contain "PASS" → 2 points under its rule; here all 4 passed → 3 points.
    const words = ['passed', 'OK', 'PASS', 'PASS'];
    const docs = words.map((criteria, i) => ({ start: day(10 + i), criteria }));
    expect(await vpingPoints(docs, LEGACY)).toBe(3);
  });

  it('project: a run of another project with the same case name is not counted (the 2016 job counted it)', async () => {
    // 2016: the newest 4 runs by case name are P P P F → 2 points; here the doctor run is not vping_ssh's.
    const docs = [
      ...[10, 11, 12, 13].map((d) => ({ start: day(d) })),
      { start: day(14), project: 'doctor', criteria: 'FAIL' },
    ];
    expect(await vpingPoints(docs, LEGACY)).toBe(3);
  });

  it('order: runs are ordered by instant; the 2016 job ordered the date strings', async () => {
    // "2016-07-10 23:00:00" sorts before "2016-07-10T01:00:00Z" as text, though it is 22 hours later.
    // 2016: newest 4 by text are the failure of the 10th and three passes → 2 points; by instant: 4 passes.
    const docs = [
      { start: '2016-07-10T01:00:00Z', criteria: 'FAIL' },
      { start: day(10, '23:00:00') },
      ...[11, 12, 13].map((d) => ({ start: day(d) })),
    ];
    expect(await vpingPoints(docs, LEGACY)).toBe(3);
  });
});
