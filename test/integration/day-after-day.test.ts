// A partial run touches only its installers, a backfill never moves the current view back, and a run
// read twice counts once with every document accounted for — the same on the file, MongoDB and results
// API sources, through the built CLI. (Outages and refusals: outages.test.ts.)
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
import { statusSchemaIssues } from '../support/status-schema.js';

const DAYS = reportDays('2016-07-01', 5);
const LAST = DAYS[DAYS.length - 1] as string;
const NEXT = '2016-07-06';

interface InstallerEntry {
  installer: string;
  documents: { used: number; duplicates: number };
  scenarios: { scenario: string; lastRun: string | null; validated: boolean }[];
}

interface Status {
  asOf: string;
  source: { accounting: Record<string, number> };
  documents: { used: number; duplicates: number; installers: string[] | null };
  versions: { version: string; installers: InstallerEntry[]; blockers: unknown[]; readiness: unknown }[];
}

describe.each<SourceKind>(['file', 'mongo', 'api'])('on the %s source', (kind) => {
  let work: string;
  let source: DaysSource;
  let criteria: string;

  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'scenario-report-days-'));
    criteria = await writeCriteria(join(work, 'criteria'));
    source = await openDaysSource(kind, work);
  });

  afterEach(async () => {
    await source.close();
    await rm(work, { recursive: true, force: true });
  });

  const out = () => join(work, 'out');
  const generate = async (asOf: string, ...extra: string[]) => {
    const result = await runCliAsync(
      ['generate', '--source', source.uri, '--criteria', criteria, '--as-of', asOf, '--out', out(), ...extra],
      work,
    );
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    return result;
  };
  const status = async (): Promise<Status> => {
    const parsed = JSON.parse(await readFile(sitePath(out(), 'status.json'), 'utf8')) as Status;
    expect(statusSchemaIssues(parsed)).toEqual([]);
    return parsed;
  };
  const statusText = () => readFile(sitePath(out(), 'status.json'), 'utf8');
  /** The overview's versions (readiness matrix, blockers, installers), without the time it was written. */
  const versionSections = async () => {
    const overview = await readFile(sitePath(out(), 'index.html'), 'utf8');
    const versions = overview.slice(
      overview.indexOf('<section class="version"'),
      overview.indexOf('<section class="documents"'),
    );
    return versions.replaceAll(/ data-generated="[^"]*"/g, '');
  };
  const installersOf = (parsed: Status) =>
    (parsed.versions[0] as { installers: InstallerEntry[] }).installers;

  /** Runs of fuel, apex and joid on each of `days`: fuel and joid pass, apex fails. */
  async function add(days: string[]) {
    for (const day of days) {
      await source.add(dayDocuments({ day, installer: 'fuel', scenario: 'os-nosdn-nofeature-ha' }));
      await source.add(dayDocuments({ day, installer: 'joid', scenario: 'os-nosdn-nofeature-ha' }));
      await source.add(
        dayDocuments({ day, installer: 'apex', scenario: 'os-odl_l2-nofeature-ha', passed: false }),
      );
    }
  }

  it("a partial run rewrites only its installers: the others' files and status.json entries stay byte for byte", async () => {
    await add(DAYS);
    await generate(LAST);
    const before = await status();
    const beforeText = await statusText();
    // Their pages, CSV, feeds and badges; the site-wide pages list every installer and are refreshed.
    const hashes = await fileHashes(sitePath(out()));
    const kept = Object.keys(hashes).filter((path) => /(^|\/)(apex|joid)([./@]|$)/.test(path));
    expect(kept).toEqual(expect.arrayContaining(['master/apex.html', 'master/apex.csv', 'master/joid.atom']));

    await add([NEXT]);
    await generate(`${NEXT}T23:59:59Z`, '--installer', 'fuel');
    const after = await status();
    const now = await fileHashes(sitePath(out()));
    for (const path of kept) expect(now[path], path).toBe(hashes[path]);
    expect(installersOf(after).map((installer) => installer.installer)).toEqual(
      installersOf(before).map((installer) => installer.installer),
    );
    for (const name of ['apex', 'joid']) {
      const entry = installerEntryText(beforeText, name);
      expect(entry).toMatch(/^ +\{"date":/m);
      expect(installerEntryText(await statusText(), name)).toBe(entry);
    }
    const fuel = installersOf(after).find((installer) => installer.installer === 'fuel');
    expect(fuel?.scenarios[0]?.lastRun).toMatch(new RegExp(`^${NEXT}T06:00`));
    // The top-level counts say whose they are; each installer keeps its own in its entry.
    expect(after.documents.installers).toEqual(['fuel']);
    expect(fuel?.documents).toEqual({ used: after.documents.used, duplicates: 0 });
    expect(before.documents.installers).toBeNull();
    expect(installersOf(before).reduce((sum, installer) => sum + installer.documents.used, 0)).toBe(
      before.documents.used,
    );
  });

  it('a partial run of the same day leaves the site-wide views as the full run wrote them: matrix, blockers, readiness', async () => {
    await add(DAYS);
    // Not in scope: compass ran twice only (pending), joid's second scenario flips every day (flaky).
    for (const day of DAYS.slice(-2))
      await source.add(dayDocuments({ day, installer: 'compass', scenario: 'os-odl_l2-nofeature-ha' }));
    for (const [index, day] of DAYS.entries())
      await source.add(
        dayDocuments({ day, installer: 'joid', scenario: 'os-odl_l2-nofeature-ha', passed: index % 2 === 0 }),
      );
    await generate(LAST);
    const full = { status: await status(), overview: await versionSections() };
    expect(full.overview).toMatch(/data-condition="pending"/);
    expect(full.overview).toMatch(/class="flaky-mark"/);

    await generate(LAST, '--installer', 'fuel');
    const partial = await status();
    const wide = (parsed: Status) =>
      parsed.versions.map(({ version, blockers, readiness }) => ({ version, blockers, readiness }));
    expect(wide(partial)).toEqual(wide(full.status));
    expect(JSON.stringify(wide(full.status))).toMatch(/"trouble":"flaky"/);
    expect(await versionSections()).toBe(full.overview);
  });

  it('a backfill of an earlier day updates its history and leaves the current view at the newest day', async () => {
    await add(DAYS);
    await generate(LAST);
    const current = await fileHashes(sitePath(out()));
    const csv = await readFile(sitePath(out(), 'master/fuel.csv'), 'utf8');
    expect(csv).not.toContain(DAYS[1]);

    const statusBefore = await statusText();

    const backfill = await generate(DAYS[1] as string);
    expect(backfill.stderr).toMatch(/kept at 2016-07-05/);
    // status.json keeps its bytes but for the history it shows (`changes`, after the versions).
    const upToChanges = (text: string) => text.slice(0, text.indexOf('\n  "changes": '));
    expect(upToChanges(statusBefore)).toMatch(/^ +\{"date":/m);
    expect(upToChanges(await statusText())).toBe(upToChanges(statusBefore));
    const after = await fileHashes(sitePath(out()));
    for (const page of ['index.html', 'master/fuel.html', 'master/fuel/os-nosdn-nofeature-ha.html'])
      expect(after[page], page).toBe(current[page]);
    expect((await status()).asOf).toBe(`${LAST}T23:59:59Z`);
    expect(await readFile(sitePath(out(), 'master/fuel.csv'), 'utf8')).toContain(DAYS[1]);
  });

  it('a run read twice is used once and counted as a duplicate; every document read is accounted for', async () => {
    await add(DAYS);
    // The newest fuel run stored again under new ids, as a job that reported twice leaves it.
    await source.add(dayDocuments({ day: LAST, installer: 'fuel', scenario: 'os-nosdn-nofeature-ha' }));
    await generate(LAST);
    const parsed = await status();
    expect(parsed.documents).toMatchObject({ duplicates: 2, used: 30 });
    const fuel = installersOf(parsed).find((installer) => installer.installer === 'fuel');
    expect(fuel?.documents).toEqual({ used: 10, duplicates: 2 });
    expect(fuel?.scenarios[0]?.validated).toBe(true);
    const { read, ...buckets } = parsed.source.accounting;
    expect(Object.values(buckets).reduce((sum, count) => sum + count, 0)).toBe(read);
    expect(buckets).toMatchObject({ used: 30, duplicates: 2 });
    const overview = await readFile(sitePath(out(), 'index.html'), 'utf8');
    expect(overview).toContain(`${read} read: 30 used · 0 rejected · 2 duplicates`);
  });
});

/**
 * An installer's entry in status.json as written: from its opening brace to its closing one. The file's
 * layout is fixed (two-space indentation, a test case's runs one a line), so the entry's text is found
 * by the indentation of its `"installer"` line.
 */
function installerEntryText(text: string, installer: string): string {
  const lines = text.split('\n');
  const key = lines.findIndex((line) => line.trimStart() === `"installer": ${JSON.stringify(installer)},`);
  expect(key, installer).toBeGreaterThan(0);
  const indent = ' '.repeat((lines[key]?.length ?? 0) - (lines[key]?.trimStart().length ?? 0) - 2);
  const end = lines.findIndex(
    (line, index) => index > key && (line === `${indent}}` || line === `${indent}},`),
  );
  return lines.slice(key - 1, end + 1).join('\n');
}
