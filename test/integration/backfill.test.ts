// `generate --backfill DAYS` through the built CLI: a first deployment gets the history daily runs would
// have built, on every source; late results of earlier days go into the history views while the current
// view stays at the newest report day.
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
import { currentViewProblems, readSnapshot, siteDir } from '../support/site-invariants.js';

const DAYS = reportDays('2016-07-01', 6);
const day = (n: number) => DAYS[n - 1] as string;
/** Several runs of the CLI each: generous for a loaded machine, a hung run still fails. */
const TIMEOUT = 120_000;

let work: string;
let source: DaysSource;
let criteria: string;

async function open(kind: SourceKind) {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-backfill-'));
  criteria = await writeCriteria(join(work, 'criteria'));
  source = await openDaysSource(kind, work);
}

afterEach(async () => {
  await source.close();
  await rm(work, { recursive: true, force: true });
});

/** The state of the site `name`, kept beside it. */
const stateOf = (name: string) => join(work, `${name}.state.json`);

/** `generate` as of `asOf` into the site `name`. */
const generate = (name: string, asOf: string, ...extra: string[]) =>
  runCliAsync(
    [
      'generate',
      '--source',
      source.uri,
      '--criteria',
      criteria,
      '--as-of',
      asOf,
      '--out',
      join(work, name),
      '--state',
      stateOf(name),
      ...extra,
    ],
    work,
  );

async function succeed(name: string, asOf: string, ...extra: string[]) {
  const result = await generate(name, asOf, ...extra);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

const read = (name: string, path: string) => readFile(join(siteDir(join(work, name)), path), 'utf8');

/** The report days of an installer's CSV, oldest first. */
async function csvDays(name: string, path: string): Promise<string[]> {
  const lines = (await read(name, path)).split('\n').slice(1, -1);
  return [...new Set(lines.map((line) => line.slice(0, 10)))];
}

/** Fuel validating os-nosdn-nofeature-ha every day, apex failing os-odl_l2-nofeature-ha every other day. */
function documentsOf(n: number, installers = ['apex', 'fuel']) {
  return installers.flatMap((installer) =>
    installer === 'fuel'
      ? dayDocuments({ day: day(n), installer, scenario: 'os-nosdn-nofeature-ha' })
      : dayDocuments({ day: day(n), installer, scenario: 'os-odl_l2-nofeature-ha', passed: n % 2 === 0 }),
  );
}

describe.each<SourceKind>(['file', 'mongo', 'api'])('a first deployment on the %s source', (kind) => {
  beforeEach(() => open(kind));

  it(
    '--backfill 4 records the four days that four daily runs would have',
    async () => {
      for (let n = 1; n <= 4; n++) await source.add(documentsOf(n));
      for (let n = 1; n <= 4; n++) await succeed('daily', day(n));
      const result = await succeed('deployed', day(4), '--backfill', '4');
      expect(result.stderr).toMatch(/site\.written .*days=4/);

      expect(await readFile(stateOf('deployed'), 'utf8')).toBe(await readFile(stateOf('daily'), 'utf8'));
      // What the source sent is what this run read, four windows here: the rest is the same.
      const deployed = { ...JSON.parse(await read('deployed', 'status.json')), source: null };
      const daily = { ...JSON.parse(await read('daily', 'status.json')), source: null };
      expect(deployed).toEqual(daily);
      expect(deployed.asOf).toBe(`${day(4)}T23:59:59Z`);
      for (const path of ['master/fuel.csv', 'master/apex.csv', 'master/fuel.atom', 'master/apex.atom'])
        expect(await read('deployed', path), path).toBe(await read('daily', path));
      expect(await csvDays('deployed', 'master/fuel.csv')).toEqual(DAYS.slice(0, 4));
    },
    TIMEOUT,
  );
});

describe('late results of earlier days', () => {
  beforeEach(() => open('file'));

  it(
    'go into the history views; the current view stays at the newest report day',
    async () => {
      // Fuel's results of days 1–4 reach the database only after day 6 was published.
      for (let n = 1; n <= 6; n++) await source.add(documentsOf(n, n <= 4 ? ['apex'] : ['apex', 'fuel']));
      for (const n of [5, 6]) await succeed('site', day(n));
      const site = join(work, 'site');
      const before = await readSnapshot(site, stateOf('site'));
      expect(await read('site', 'master/validated.html')).not.toContain('os-nosdn-nofeature-ha');

      for (let n = 1; n <= 4; n++) await source.add(documentsOf(n, ['fuel']));
      const result = await succeed('site', day(4), '--backfill', '4');
      expect(result.stderr).toContain(`view="kept at ${day(6)}; history of ${day(4)} updated"`);

      const after = await readSnapshot(site, stateOf('site'));
      expect(currentViewProblems(before, after)).toEqual([]);
      expect(after.status.asOf).toBe(`${day(6)}T23:59:59Z`);
      expect(after.state.lastRun?.day).toBe(day(6));
      expect(Object.keys(after.state.history.master?.fuel?.['os-nosdn-nofeature-ha'] ?? {})).toEqual(DAYS);
      expect(await csvDays('site', 'master/fuel.csv')).toEqual(DAYS);
      // Four runs by day 4: validated that day, which the validated history now shows.
      expect(await read('site', 'master/validated.html')).toMatch(
        new RegExp(
          `<td>fuel</td>\\n<th scope="row"><a [^>]*>os-nosdn-nofeature-ha</a></th>\\n<td>${day(4)}</td>`,
        ),
      );
      expect(after.state.validated.master?.fuel?.['os-nosdn-nofeature-ha']?.firstValidated).toBe(day(4));
    },
    TIMEOUT,
  );

  it(
    'of an installer the site has never shown add no link to pages it does not have yet',
    async () => {
      // Only apex ran on days 5 and 6; fuel's first results, of days 1–4, arrive late.
      for (let n = 1; n <= 6; n++) await source.add(documentsOf(n, ['apex']));
      for (const n of [5, 6]) await succeed('site', day(n));
      for (let n = 1; n <= 4; n++) await source.add(documentsOf(n, ['fuel']));
      await succeed('site', day(4), '--backfill', '4');

      const site = siteDir(join(work, 'site'));
      for (const page of ['master/validated.html', 'master/changes.html', 'index.html']) {
        const html = await read('site', page);
        for (const [, href] of html.matchAll(/\shref="([^"#]+)(?:#[^"]*)?"/g)) {
          if (/^[a-z]+:/.test(href ?? '')) continue;
          const target = join(site, page, '..', href ?? '');
          expect(
            await readFile(target).then(
              () => true,
              () => false,
            ),
            `${page} → ${href}`,
          ).toBe(true);
        }
      }
      // The history knows fuel's validation; its pages come with the next daily run.
      expect(await read('site', 'master/validated.html')).toContain('os-nosdn-nofeature-ha');
      await succeed('site', day(6));
      expect(await read('site', 'master/fuel.html')).toContain('os-nosdn-nofeature-ha');
    },
    TIMEOUT,
  );

  it(
    '--backfill that is not a whole number of days from 1 to 400 is refused and writes nothing',
    async () => {
      await source.add(documentsOf(1));
      await succeed('site', day(1));
      const before = await fileHashes(work);
      for (const days of ['0', '401', '2.5']) {
        const result = await generate('site', day(1), '--backfill', days);
        expect(result.code, days).toBe(2);
        expect(result.stderr).toMatch(/--backfill .*give the number of report days to replay, from 1 to 400/);
      }
      expect(await fileHashes(work)).toEqual(before);
    },
    TIMEOUT,
  );
});
