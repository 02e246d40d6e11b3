// A lab outage is stale, not gone; a source with nothing at all, a typo'd name, a window of rejected
// documents and an impossible --max-runs are refused — the same on the file, MongoDB and results API
// sources, through the built CLI.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileHashes } from '../support/cli.js';
import {
  dayDocuments,
  openDaysSource,
  reportDays,
  runCliAsync,
  writeCriteria,
  type DaysSource,
  type SourceKind,
} from '../support/days.js';
import { sitePath } from '../support/site.js';

const DAYS = reportDays('2016-07-01', 5);
const LAST = DAYS[DAYS.length - 1] as string;

describe.each<SourceKind>(['file', 'mongo', 'api'])('on the %s source', (kind) => {
  let work: string;
  let source: DaysSource;
  let criteria: string;

  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'scenario-report-outage-'));
    criteria = await writeCriteria(join(work, 'criteria'));
    source = await openDaysSource(kind, work);
  });

  afterEach(async () => {
    await source.close();
    await rm(work, { recursive: true, force: true });
  });

  const out = () => join(work, 'out');
  const generate = (asOf: string, ...extra: string[]) =>
    runCliAsync(
      ['generate', '--source', source.uri, '--criteria', criteria, '--as-of', asOf, '--out', out(), ...extra],
      work,
    );

  /** Five days of fuel validating os-nosdn-nofeature-ha and apex failing os-odl_l2-nofeature-ha. */
  async function goodWeek() {
    for (const day of DAYS) {
      await source.add(dayDocuments({ day, installer: 'fuel', scenario: 'os-nosdn-nofeature-ha' }));
      await source.add(
        dayDocuments({ day, installer: 'apex', scenario: 'os-odl_l2-nofeature-ha', passed: false }),
      );
    }
    const first = await generate(LAST);
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
  }

  it('a window without results is a stale day: exit 0, report.noRuns, nothing dropped from the pages', async () => {
    await goodWeek();
    const outage = await generate('2016-07-30');
    expect(outage.code).toBe(0);
    expect(outage.stderr).toMatch(/report\.noRuns/);

    const status = JSON.parse(await readFile(sitePath(out(), 'status.json'), 'utf8'));
    expect(status.asOf).toBe('2016-07-30T23:59:59Z');
    const installers = status.versions[0].installers;
    expect(installers.map((i: { installer: string }) => i.installer)).toEqual(['apex', 'fuel']);
    const fuel = installers[1];
    expect(fuel.lastResult).toMatch(new RegExp(`^${LAST}T06:00:\\d\\dZ$`));
    expect(fuel.scenarios).toMatchObject([
      { scenario: 'os-nosdn-nofeature-ha', stale: true, notRunSince: LAST, validated: false },
    ]);
    expect(installers[0].scenarios).toMatchObject([{ scenario: 'os-odl_l2-nofeature-ha', stale: true }]);
    const index = await readFile(sitePath(out(), 'index.html'), 'utf8');
    expect(index).toContain(`no result since ${LAST}`);
    expect(existsSync(sitePath(out(), 'master/fuel/os-nosdn-nofeature-ha.html'))).toBe(true);
  });

  it('a source with no result document at all fails the run and writes nothing', async () => {
    const empty = await generate(LAST);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/holds no result document at all/);
    expect(existsSync(out())).toBe(false);
  });

  it("an installer or version nobody has seen is a typo: exit 2, 'did you mean', no file changed", async () => {
    await goodWeek();
    const before = await fileHashes(out());
    const installer = await generate(LAST, '--installer', 'fule');
    expect(installer.code).toBe(2);
    expect(installer.stderr).toMatch(/unknown installer "fule".*did you mean fuel\?/);
    const version = await generate(LAST, '--version', 'mastr');
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/unknown version "mastr".*did you mean master\?/);
    expect(await fileHashes(out())).toEqual(before);
  });

  it('a known installer without a run in the window is an outage of that installer, not a typo', async () => {
    await goodWeek();
    await source.add(
      dayDocuments({ day: '2016-07-20', installer: 'apex', scenario: 'os-odl_l2-nofeature-ha' }),
    );
    const partial = await generate('2016-07-20', '--installer', 'fuel');
    expect(partial.code).toBe(0);
    expect(partial.stderr).toMatch(/report\.noRuns/);
  });

  it('a window whose every document is rejected fails the run instead of publishing an empty day', async () => {
    await goodWeek();
    const before = await fileHashes(out());
    await source.add(
      dayDocuments({ day: '2016-07-20', installer: 'fuel', scenario: 'os-nosdn-nofeature-ha' }).map(
        ({ scenario: _scenario, ...document }) => document,
      ),
    );
    const rejected = await generate('2016-07-20');
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/all 2 result documents of the window were rejected/);
    expect(await fileHashes(out())).toEqual(before);
  });
});

describe('--max-runs', () => {
  it('below 4 is refused: no scenario could ever be validated', async () => {
    const work = await mkdtemp(join(tmpdir(), 'scenario-report-maxruns-'));
    try {
      const result = await runCliAsync(['generate', '--max-runs', '2', '--out', join(work, 'out')], work);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--max-runs\) is 2.*use 4 or more/);
      expect(existsSync(join(work, 'out'))).toBe(false);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
