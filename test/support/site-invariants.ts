// What must hold of a published site whatever happened before it: the view is the newest report day, a
// scenario once validated never leaves the pages, and the state, status.json and the pages tell the same
// story. Each check returns the problems it found, as sentences, so a failing replay says what broke.
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { sitePaths } from '../../src/render/paths.js';
import { fileHashes } from './cli.js';
import { sitePath } from './site.js';
import {
  installerRows,
  matrixCells,
  overviewRows,
  reportDayOf,
  siteLinks,
  validatedRows,
} from './site-pages.js';

/** The folder the published site is read from, given --out: its `current` link (test/support/site.ts). */
export function siteDir(out: string): string {
  return sitePath(out);
}

interface StatusScenario {
  scenario: string;
  score: number;
  max: number;
  status: string;
  condition: string;
  validated: boolean;
}
interface StatusInstaller {
  installer: string;
  validated: number;
  staleValidated: number;
  total: number;
  stale: number;
  scenarios: StatusScenario[];
}
interface StatusJson {
  asOf: string;
  versions: { version: string; installers: StatusInstaller[] }[];
  changes: unknown;
}
interface ValidatedRecord {
  firstValidated: string;
  lastValidated: string;
  validatedDays: number;
}
type ByScenario<T> = Record<string, Record<string, Record<string, T>>>;
interface StateJson {
  lastRun: { day: string } | null;
  validated: ByScenario<ValidatedRecord>;
  history: ByScenario<Record<string, { score: number; max: number; status: string }>>;
}

/** A published site and the state beside it, at one moment. */
export interface SiteSnapshot {
  site: string;
  /** sha256 of every file of the site, by path inside it, the state aside. */
  files: Record<string, string>;
  status: StatusJson;
  state: StateJson;
}

export async function readSnapshot(out: string, statePath: string): Promise<SiteSnapshot> {
  const site = siteDir(out);
  return {
    site,
    // A state kept inside the site folder is not a page: whether it changed is the state's own matter.
    files: await fileHashes(site, (path) => path === statePath || path === `${statePath}.bak`),
    status: JSON.parse(await readFile(join(site, 'status.json'), 'utf8')) as StatusJson,
    state: JSON.parse(await readFile(statePath, 'utf8')) as StateJson,
  };
}

/** What the replay expects of the site after a run, from what it asked of the job so far. */
export interface Expected {
  version: string;
  /** The newest report day any run has published. */
  newestDay: string;
  /** The report day each installer's pages and status.json entry were last written for. */
  installerDays: ReadonlyMap<string, string>;
  /** installer/scenario of every scenario seen validated so far. */
  everValidated: ReadonlySet<string>;
}

/** The status word a page prints for each condition of status.json. */
const WORD_OF_CONDITION: Record<string, string> = {
  'not-run-since': 'stale',
  stale: 'stale',
  'no-data': 'no data',
  validated: 'OK',
  missing: 'KO',
  pending: 'KO',
  ko: 'KO',
};

export async function siteProblems(snapshot: SiteSnapshot, expected: Expected): Promise<string[]> {
  const problems: string[] = [];
  const { status, state } = snapshot;
  const read = (path: string) => readFile(join(snapshot.site, path), 'utf8');
  if (status.asOf !== `${expected.newestDay}T23:59:59Z`)
    problems.push(`status.json asOf is ${status.asOf}, not the newest report day ${expected.newestDay}`);
  const index = await read('index.html');
  if (reportDayOf(index) !== expected.newestDay)
    problems.push(`index.html shows ${reportDayOf(index)}, not ${expected.newestDay}`);
  if (state.lastRun?.day !== expected.newestDay)
    problems.push(`the state's last run is ${state.lastRun?.day}, not ${expected.newestDay}`);

  const version = status.versions.find((entry) => entry.version === expected.version);
  const installers = version?.installers ?? [];
  const named = installers.map((entry) => entry.installer).sort();
  if (named.join() !== [...expected.installerDays.keys()].sort().join())
    problems.push(`status.json lists the installers ${named.join()}`);
  for (const installer of installers) {
    problems.push(...(await installerProblems(snapshot, expected, installer)));
  }
  problems.push(...overviewProblems(index, installers));
  problems.push(...(await brokenLinks(snapshot)));
  problems.push(...(await validatedPageProblems(snapshot, expected.version)));
  for (const key of expected.everValidated) {
    const [installer = '', scenario = ''] = key.split('/');
    const entry = installers
      .find((i) => i.installer === installer)
      ?.scenarios.find((s) => s.scenario === scenario);
    if (entry === undefined) problems.push(`${key}, once validated, is missing from status.json`);
    if (snapshot.files[sitePaths.scenarioPage(expected.version, installer, scenario)] === undefined)
      problems.push(`${key}, once validated, has no scenario page`);
  }
  return problems;
}

/** One installer: its page, its scenario pages and badges, its status.json entry and the state agree. */
async function installerProblems(
  snapshot: SiteSnapshot,
  expected: Expected,
  entry: StatusInstaller,
): Promise<string[]> {
  const problems: string[] = [];
  const { version } = expected;
  const { installer } = entry;
  const day = expected.installerDays.get(installer);
  const page = await readFile(join(snapshot.site, sitePaths.installerPage(version, installer)), 'utf8');
  if (reportDayOf(page) !== day) problems.push(`${installer}'s page shows ${reportDayOf(page)}, not ${day}`);

  const rows = installerRows(page).map((row) => `${row.scenario} ${row.word} ${row.score}`);
  const fromStatus = entry.scenarios.map(
    (s) => `${s.scenario} ${WORD_OF_CONDITION[s.condition] ?? s.condition} ${s.score}/${s.max}`,
  );
  if (rows.join('\n') !== fromStatus.join('\n'))
    problems.push(`${installer}'s page rows [${rows.join('; ')}] ≠ status.json [${fromStatus.join('; ')}]`);

  const scenarioPages = Object.keys(snapshot.files)
    .filter((path) => path.startsWith(`${sitePaths.installerDir(version, installer)}/`))
    .sort();
  const expectedPages = entry.scenarios
    .map((s) => sitePaths.scenarioPage(version, installer, s.scenario))
    .sort();
  if (scenarioPages.join() !== expectedPages.join())
    problems.push(`${installer}'s scenario pages ${scenarioPages.join()} ≠ status.json's scenarios`);

  for (const scenario of entry.scenarios) {
    const key = `${installer}/${scenario.scenario}`;
    for (const extension of ['svg', 'json'] as const) {
      if (snapshot.files[sitePaths.badge(version, installer, scenario.scenario, extension)] === undefined)
        problems.push(`${key} has no ${extension} badge`);
    }
    // Validated is every point (the seed's rule); whether that is old news is the condition's to say.
    if (scenario.validated !== (scenario.max > 0 && scenario.score === scenario.max))
      problems.push(`${key}: validated ${scenario.validated} at ${scenario.score}/${scenario.max}`);
    const record = snapshot.state.validated[version]?.[installer]?.[scenario.scenario];
    if (scenario.validated !== (record?.lastValidated === day))
      problems.push(
        `${key}: validated ${scenario.validated} in status.json, last validated ${record?.lastValidated} in the state`,
      );
    const recorded =
      day === undefined
        ? undefined
        : snapshot.state.history[version]?.[installer]?.[scenario.scenario]?.[day];
    if (
      recorded &&
      `${recorded.status} ${recorded.score}/${recorded.max}` !==
        `${scenario.status} ${scenario.score}/${scenario.max}`
    )
      problems.push(
        `${key} on ${day}: the state says ${recorded.status} ${recorded.score}/${recorded.max}, status.json ${scenario.status} ${scenario.score}/${scenario.max}`,
      );
  }
  return problems;
}

/** The overview lists the installers as status.json does, with its counts, and its matrix shows its conditions. */
function overviewProblems(index: string, installers: readonly StatusInstaller[]): string[] {
  const problems: string[] = [];
  const rows = overviewRows(index).map((row) => `${row.installer} ${row.count} stale ${row.stale}`);
  const fromStatus = installers.map(
    (i) => `${i.installer} ${i.validated - i.staleValidated}/${i.total} stale ${i.stale}`,
  );
  if (rows.join('; ') !== fromStatus.join('; '))
    problems.push(`the overview shows [${rows.join('; ')}], status.json [${fromStatus.join('; ')}]`);
  const cells = matrixCells(index)
    .filter((cell) => !cell.endsWith(' none'))
    .sort();
  const conditions = installers
    .flatMap((i) => i.scenarios.map((s) => `${s.scenario} ${i.installer} ${s.condition}`))
    .sort();
  if (cells.join('; ') !== conditions.join('; '))
    problems.push(`the readiness matrix shows [${cells.join('; ')}], status.json [${conditions.join('; ')}]`);
  return problems;
}

/** Every link of every page leads to a file of the site: no page points at one a run did not write. */
async function brokenLinks(snapshot: SiteSnapshot): Promise<string[]> {
  const problems: string[] = [];
  for (const path of Object.keys(snapshot.files).filter((p) => p.endsWith('.html'))) {
    const page = await readFile(join(snapshot.site, path), 'utf8');
    for (const link of new Set(siteLinks(page))) {
      const target = normalize(join(dirname(path), decodeURIComponent(link)));
      if (snapshot.files[target] === undefined)
        problems.push(`${path} links to ${link}, which does not exist`);
    }
  }
  return problems;
}

/** validated.html lists exactly the state's validated records. */
async function validatedPageProblems(snapshot: SiteSnapshot, version: string): Promise<string[]> {
  const page = await readFile(join(snapshot.site, sitePaths.validatedPage(version)), 'utf8');
  const shown = validatedRows(page).sort();
  const recorded = Object.entries(snapshot.state.validated[version] ?? {})
    .flatMap(([installer, scenarios]) =>
      Object.entries(scenarios).map(
        ([scenario, r]) =>
          `${installer} ${scenario} ${r.firstValidated} ${r.lastValidated} ${r.validatedDays}`,
      ),
    )
    .sort();
  return shown.join('\n') === recorded.join('\n')
    ? []
    : [`validated.html [${shown.join('; ')}] ≠ the state's validated records [${recorded.join('; ')}]`];
}

/** Every file of `installer` on the site: its page, CSV, feed, scenario pages and badges. */
export function installerFiles(
  files: Record<string, string>,
  version: string,
  installer: string,
): Record<string, string> {
  const own = (path: string) =>
    path === sitePaths.installerPage(version, installer) ||
    path === sitePaths.installerCsv(version, installer) ||
    path === sitePaths.installerFeed(version, installer) ||
    path.startsWith(`${sitePaths.installerDir(version, installer)}/`) ||
    path.startsWith(`${sitePaths.badgeDir(version, installer)}/`);
  return Object.fromEntries(Object.entries(files).filter(([path]) => own(path)));
}

/**
 * After a partial run of `scoped`: every other installer's files and status.json entries are what they
 * were, byte for byte, and in the same order.
 */
export function unscopedProblems(
  before: SiteSnapshot,
  after: SiteSnapshot,
  version: string,
  scoped: readonly string[],
): string[] {
  const problems: string[] = [];
  const entries = (snapshot: SiteSnapshot) =>
    (snapshot.status.versions.find((entry) => entry.version === version)?.installers ?? []).filter(
      (entry) => !scoped.includes(entry.installer),
    );
  const previous = entries(before);
  const next = entries(after);
  if (next.map((e) => e.installer).join() !== previous.map((e) => e.installer).join())
    problems.push(
      `the other installers went from ${previous.map((e) => e.installer).join()} to ${next.map((e) => e.installer).join()}`,
    );
  for (const entry of previous) {
    const now = next.find((e) => e.installer === entry.installer);
    if (JSON.stringify(now) !== JSON.stringify(entry))
      problems.push(`${entry.installer}'s status.json entry changed in a run of ${scoped.join()}`);
    const files = JSON.stringify(installerFiles(after.files, version, entry.installer));
    if (files !== JSON.stringify(installerFiles(before.files, version, entry.installer)))
      problems.push(`${entry.installer}'s files changed in a run of ${scoped.join()}`);
  }
  return problems;
}

/** The files that show history rather than the current day: a backfill of an earlier day may rewrite them. */
function showsHistory(path: string): boolean {
  return (
    path === 'status.json' ||
    path.endsWith('/validated.html') ||
    path.endsWith('/changes.html') ||
    (!path.startsWith('badges/') && (path.endsWith('.csv') || path.endsWith('.atom')))
  );
}

/** After a backfill of earlier days: the current view (every other file, status.json but its changes) is as it was. */
export function currentViewProblems(before: SiteSnapshot, after: SiteSnapshot): string[] {
  const problems: string[] = [];
  const paths = new Set([...Object.keys(before.files), ...Object.keys(after.files)]);
  for (const path of [...paths].filter((p) => !showsHistory(p)).sort()) {
    if (before.files[path] !== after.files[path])
      problems.push(`${path} of the current view changed in a backfill`);
  }
  const withoutChanges = (status: StatusJson) => JSON.stringify({ ...status, changes: null });
  if (withoutChanges(before.status) !== withoutChanges(after.status))
    problems.push('status.json changed beyond its changes in a backfill');
  return problems;
}
