// `criteria explain` says what the pages say: each version and architecture apart, with the points, rule
// line and runs status.json publishes for the same scenario, and a mistyped name refused (exit 2).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Explanation } from '../../src/app/explain.js';
import { generateArgs, root, runCli, sample } from '../support/cli.js';
import { sitePath } from '../support/site.js';

const AS_OF = '2016-07-14T23:59:59Z';
const SOURCE = `file:${sample}`;
const common = ['--source', SOURCE, '--criteria', join(root, 'criteria'), '--as-of', AS_OF, '--arch-split'];

interface StatusScenario {
  scenario: string;
  score: number;
  max: number;
  condition: string;
  tests: { name: string; scored: boolean; points: number; reason: string; runs: { date: string }[] }[];
}
interface Status {
  versions: { version: string; installers: { installer: string; scenarios: StatusScenario[] }[] }[];
}

let work: string;
let status: Status;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-explain-'));
  const out = join(work, 'out');
  const generated = runCli([...generateArgs(SOURCE, AS_OF, out), '--arch-split', '--quiet'], work);
  expect(generated.code, generated.stderr).toBe(0);
  status = JSON.parse(await readFile(sitePath(out, 'status.json'), 'utf8')) as Status;
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function explain(...args: string[]) {
  return runCli(['criteria', 'explain', ...common, '--quiet', '--json', ...args], work);
}

/** Every (version, installer) entry of status.json holding the scenario, for the installer or its architectures. */
function statusEntries(installer: string, scenario: string) {
  return status.versions.flatMap(({ version, installers }) =>
    installers
      .filter((entry) => entry.installer === installer || entry.installer.startsWith(`${installer}@`))
      .flatMap((entry) =>
        entry.scenarios
          .filter((candidate) => candidate.scenario === scenario)
          .map((found) => ({ version, installer: entry.installer, ...shapeOf(found) })),
      ),
  );
}

function shapeOf(scenario: StatusScenario) {
  return {
    score: scenario.score,
    max: scenario.max,
    condition: scenario.condition,
    tests: scenario.tests.map((test) => ({
      name: test.name,
      scored: test.scored,
      points: test.points,
      reason: test.reason,
      runs: test.runs.map((run) => run.date),
    })),
  };
}

function explained(stdout: string) {
  const explanation = JSON.parse(stdout) as Explanation;
  return explanation.scored.map(({ version, installer, verdict, condition }) => ({
    version,
    installer,
    score: verdict.score,
    max: verdict.max,
    condition,
    tests: verdict.tests.map((test) => ({
      name: test.name,
      scored: test.scored,
      points: test.points,
      reason: test.reason,
      runs: test.runs.map((run) => new Date(run.startedAt).toISOString().replace('.000Z', 'Z')),
    })),
  }));
}

describe('criteria explain agrees with status.json', () => {
  it('one architecture: fuel@aarch64 is scored on its own pods only, as its page shows it', () => {
    const result = explain('--installer', 'fuel@aarch64', '--scenario', 'os-nosdn-kvm-ha');
    expect(result.code, result.stderr).toBe(0);
    const entries = explained(result.stdout);
    expect(entries.map((entry) => entry.installer)).toEqual(['fuel@aarch64']);
    expect(entries[0]?.score).toBeGreaterThan(0);
    expect(entries).toEqual(statusEntries('fuel@aarch64', 'os-nosdn-kvm-ha'));
  });

  it('an installer under the split is explained per architecture, never both added up', () => {
    const result = explain('--installer', 'fuel', '--scenario', 'os-nosdn-kvm-ha');
    expect(result.code, result.stderr).toBe(0);
    const entries = explained(result.stdout);
    expect(entries.map((entry) => entry.installer)).toEqual(['fuel@aarch64', 'fuel@x86_64']);
    expect(entries).toEqual(statusEntries('fuel', 'os-nosdn-kvm-ha'));
  });

  it('without --version each version is explained apart, as each has its own entry', () => {
    const result = explain('--installer', 'fuel', '--scenario', 'os-nosdn-nofeature-ha');
    expect(result.code, result.stderr).toBe(0);
    const entries = explained(result.stdout);
    expect(entries.map((entry) => entry.version)).toEqual(['colorado', 'master']);
    expect(entries).toEqual(statusEntries('fuel', 'os-nosdn-nofeature-ha'));
  });

  it('--version keeps one version', () => {
    const result = explain(
      '--installer',
      'fuel',
      '--scenario',
      'os-nosdn-nofeature-ha',
      '--version',
      'master',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(explained(result.stdout).map((entry) => entry.version)).toEqual(['master']);
  });
});

describe('criteria explain refuses what it cannot explain', () => {
  it('an unknown scenario exits 2 with the nearest known one', () => {
    const result = explain('--installer', 'fuel', '--scenario', 'os-nosdn-kvm-hx');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown scenario "os-nosdn-kvm-hx"');
    expect(result.stderr).toContain('did you mean os-nosdn-kvm-ha?');
    expect(result.stdout).toBe('');
  });

  it('an unknown architecture exits 2 with the nearest installer', () => {
    const result = explain('--installer', 'fuel@aarch46', '--scenario', 'os-nosdn-kvm-ha');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did you mean fuel@aarch64?');
  });

  it('an unknown installer exits 2', () => {
    const result = explain('--installer', 'feul', '--scenario', 'os-nosdn-kvm-ha');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did you mean fuel?');
  });

  it('an architecture without the split is refused rather than scored apart from the pages', () => {
    const result = runCli(
      [
        'criteria',
        'explain',
        '--source',
        SOURCE,
        '--as-of',
        AS_OF,
        '--installer',
        'fuel@aarch64',
        '--scenario',
        'x',
      ],
      work,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--arch-split');
  });

  it('without a source, it says what the criteria files say and reads no result', () => {
    const result = runCli(
      [
        'criteria',
        'explain',
        '--criteria',
        join(root, 'criteria'),
        '--installer',
        'fuel',
        '--scenario',
        'os-nosdn-kvm-ha',
      ],
      work,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/odl +not runnable: scenario "os-nosdn-kvm-ha" does not match \/odl\//);
    expect(result.stdout).toMatch(/vping_ssh +scored/);
    expect(result.stdout).toContain('--source');
  });
});
