// `state show` and `state export` on the state a real run leaves.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateHistoryCsv } from '../../src/app/state-report.js';
import { emptyState } from '../../src/core/index.js';
import { serialiseState } from '../../src/state/index.js';
import { root, runCli } from '../support/cli.js';

let work: string;

const scenarioReport = (args: string[]) => runCli(args, work);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-cli-state-'));
  const sample = `file:${join(root, 'examples/results.sample.ndjson')}`;
  for (const asOf of ['2016-07-13', '2016-07-14']) {
    expect(
      scenarioReport(['generate', '--source', sample, '--criteria', join(root, 'criteria'), '--as-of', asOf])
        .code,
    ).toBe(0);
  }
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A validated report day of a scenario, as the state records it. */
const day = {
  score: 3,
  max: 3,
  percent: 100,
  status: 'OK' as const,
  runs: 4,
  stale: false,
  missing: [],
  tests: {},
};

describe('state commands', () => {
  it('show prints a table of what the state remembers, filtered by installer', () => {
    const result = scenarioReport(['state', 'show', '--installer', 'fuel']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^version\s+installer\s+scenario\s+first validated\s+last validated\s+days/);
    expect(lines.slice(1).every((line) => /^\S+\s+fuel\s/.test(line))).toBe(true);
    expect(result.stdout).toMatch(
      /colorado\s+fuel\s+os-nosdn-nofeature-ha\s+2016-07-13\s+2016-07-14\s+2\s+2016-07-14\s+15\/15\s+OK/,
    );
  });

  it('exports the daily history as CSV and the whole state as JSON', () => {
    const csv = scenarioReport(['state', 'export', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('version,installer,scenario,date,score,max,percent,status,runs');
    expect(lines).toContain('colorado,fuel,os-nosdn-nofeature-ha,2016-07-14,15,15,100,OK,90');
    const json = JSON.parse(scenarioReport(['state', 'export', '--format', 'json']).stdout);
    expect(json.schemaVersion).toBe(2);
    expect(Object.keys(json.history.colorado.fuel['os-nosdn-nofeature-ha'])).toEqual([
      '2016-07-13',
      '2016-07-14',
    ]);
  });

  it('exports a scenario name a spreadsheet would run as a formula as text', () => {
    const state = emptyState();
    state.history = { master: { fuel: { '=HYPERLINK("http://x")': { '2016-07-14': day } } } };
    const lines = stateHistoryCsv(state, () => true)
      .trim()
      .split('\n');
    expect(lines[1]).toBe('master,fuel,"\'=HYPERLINK(""http://x"")",2016-07-14,3,3,100,OK,4');
  });

  it('shows names an old state file kept with a newline or ESC escaped, one line per scenario', async () => {
    const state = emptyState();
    const forged = 'os-nosdn\nmaster  fuel  os-odl_l2  2016-07-01  2016-07-14  14  2016-07-14  3/3  OK';
    state.history = {
      master: { fuel: { [forged]: { '2016-07-14': day }, 'ha\u001b[2J': { '2016-07-14': day } } },
    };
    const path = join(work, 'old-state.json');
    await writeFile(path, serialiseState(state));
    const result = scenarioReport(['state', 'show', '--state', path]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(result.stdout.includes('\u001b')).toBe(false);
    expect(result.stdout).toContain('os-nosdn\\u000amaster');
    expect(result.stdout).toContain('ha\\u001b[2J');
  });
});
