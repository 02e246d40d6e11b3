// The hostile-names corpus: names a CI job could send that are JS object keys, files the site writes,
// twins of other names' file names, the architecture split's `installer@arch`, lone surrogates and
// 1 MB names. After a clean day, one more day with them through the real CLI must leave everything
// the legitimate scenarios show exactly as a day without them: verdicts, pages, badges, state, changes.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sitePaths } from '../../src/render/index.js';
import { generateArgs, runCli, sample } from '../support/cli.js';
import { statusSchemaIssues } from '../support/status-schema.js';
import { sitePath } from '../support/site.js';

const PROTOTYPE_KEYS = [
  '__proto__',
  ...Object.getOwnPropertyNames(Object.prototype).filter((name) => name !== '__proto__'),
];
const SITE_FILES = [
  'index.html',
  'status.json',
  'state.json',
  'state.json.bak',
  'assets',
  'badges',
  'validated',
  'changes',
  'validated.html',
  'changes.html',
  'fuel.html',
  'fuel.csv',
  'fuel.atom',
  'os-nosdn-nofeature-ha.html',
  'current',
  'releases',
  '.',
  '..',
];
/** Names whose file name another name's could be made to look like, under this scheme or the last one. */
const TWINS = [
  'FUEL',
  'Os-nosdn-nofeature-ha',
  'os-nosdn-nofeature-ha ',
  'os-nosdn-nofeature-ha~0020',
  'os-nosdn_nofeature-ha-3d5b0f1e',
  'os-nosdn-nofeature-ha.',
  '~',
  '~~',
  'x'.repeat(40) + '~~' + '0'.repeat(32),
];
const ACCEPTED = [...PROTOTYPE_KEYS, ...SITE_FILES, ...TWINS];
/** Refused by reason: they could take the split's name, forge terminal lines, or not be written at all. */
const REFUSED: Array<[string, string]> = [
  ['fuel@x86_64', 'with @'],
  ['fuel@aarch64', 'with @'],
  ['fuel@x86_64.html', 'with @'],
  ['\ud800', 'unprintable'],
  ['fuel\udc00', 'unprintable'],
  ['fuel\n  os-nosdn-nofeature-ha     18/18  100.0  OK', 'unprintable'],
  ['\u001b[2J\u001b[32mvalidated', 'unprintable'],
  ['a'.repeat(1024 * 1024), 'too long'],
];

const VERSION = 'colorado';
const LEGIT_SCENARIO = 'os-nosdn-nofeature-ha';
const DAY_1 = '2016-07-14';
const DAY_2 = '2016-07-15';

interface Run {
  out: string;
  codes: Array<number | null>;
  stdout: string;
  stderr: string;
}

let work: string;
let clean: Run;
let hostile: Run;

/** Failing runs of every test case, so a name that took a legitimate scenario's place would turn it red. */
function documentsFor(fields: { installer: string; scenario: string; version: string }) {
  return ['healthcheck', 'vping_ssh', 'vping_userdata', 'tempest_smoke_serial', 'rally_sanity'].flatMap(
    (caseName, i) =>
      ['lf-pod2'].map((pod) => ({
        project_name: 'functest',
        case_name: caseName,
        ...fields,
        pod_name: pod,
        build_tag: `jenkins-functest-hostile-${i}`,
        criteria: 'FAIL',
        start_date: `${DAY_2} 06:00:00`,
        details: { success_rate: 0 },
      })),
  );
}

function hostileDocuments(): string {
  const names = [...ACCEPTED, ...REFUSED.map(([name]) => name)];
  const documents = names.flatMap((name) => [
    ...documentsFor({ installer: name, scenario: LEGIT_SCENARIO, version: VERSION }),
    ...documentsFor({ installer: 'fuel', scenario: name, version: VERSION }),
    ...documentsFor({ installer: 'fuel', scenario: LEGIT_SCENARIO, version: name }),
  ]);
  return documents.map((document) => JSON.stringify(document)).join('\n');
}

async function twoDays(name: string, day2Source: string): Promise<Run> {
  const out = join(work, name, 'out');
  const run = (asOf: string, source: string) =>
    runCli([...generateArgs(`file:${source}`, asOf, out), '--arch-split'], work);
  const first = run(DAY_1, sample);
  const second = run(DAY_2, day2Source);
  return {
    out,
    codes: [first.code, second.code],
    stdout: second.stdout,
    stderr: first.stderr + second.stderr,
  };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-hostile-names-'));
  const withHostile = join(work, 'hostile.ndjson');
  await writeFile(withHostile, `${(await readFile(sample, 'utf8')).trimEnd()}\n${hostileDocuments()}\n`);
  clean = await twoDays('clean', sample);
  hostile = await twoDays('hostile', withHostile);
}, 240_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const readJson = async (run: Run, path: string) =>
  JSON.parse(await readFile(sitePath(run.out, path), 'utf8'));
/** The state lives beside the published site, in the site folder, not in it. */
const readState = async (run: Run) => JSON.parse(await readFile(join(run.out, 'state.json'), 'utf8'));

interface StatusScenario {
  scenario: string;
  status: string;
  validated: boolean;
}
interface StatusJson {
  documents: { rejectedReasons: Record<string, number> };
  versions: Array<{
    version: string;
    installers: Array<{ installer: string; scenarios: StatusScenario[] }>;
  }>;
  changes: Array<{
    version: string;
    days: Array<{ day: string; changes: Array<{ installer: string; scenario: string; kind: string }> }>;
  }>;
}

/** installer/scenario → the scenario's status.json entry, in one version. */
function scenariosOf(status: StatusJson, version: string): Map<string, StatusScenario> {
  const entries = new Map<string, StatusScenario>();
  for (const installer of status.versions.find((entry) => entry.version === version)?.installers ?? [])
    for (const scenario of installer.scenarios)
      entries.set(`${installer.installer}\u0000${scenario.scenario}`, scenario);
  return entries;
}

/** Every file of the site, its text with the generation time taken out (it is the wall clock). */
async function siteFiles(run: Run): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(sitePath(run.out), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const text = await readFile(path, 'utf8');
    files.set(
      relative(sitePath(run.out), path),
      text.replace(/<dt>Generated<\/dt><dd>[^<]*<\/dd>/, '').replace(/ data-generated="[^"]*"/, ''),
    );
  }
  return files;
}

describe('the hostile-names corpus after a clean day', () => {
  it('ends both days with exit 0', () => {
    expect(clean.codes).toEqual([0, 0]);
    expect(hostile.codes, hostile.stderr.slice(0, 2000)).toEqual([0, 0]);
  });

  it('gives every legitimate scenario the same verdict as a day without the corpus', async () => {
    const before = scenariosOf(await readJson(clean, 'status.json'), VERSION);
    const after = scenariosOf(await readJson(hostile, 'status.json'), VERSION);
    expect(before.size).toBeGreaterThan(10);
    expect([...before.values()].some((scenario) => scenario.validated)).toBe(true);
    for (const [key, scenario] of before) expect(after.get(key), key).toEqual(scenario);
  });

  it('leaves every page, badge and feed of the legitimate scenarios byte for byte as they were', async () => {
    const before = await siteFiles(clean);
    const after = await siteFiles(hostile);
    const legit = [...before.keys()].filter(
      (path) => path.startsWith(`${VERSION}/`) || path.startsWith(`badges/${VERSION}/`),
    );
    expect(legit.length).toBeGreaterThan(40);
    // The fuel installer's own page, CSV, feed and feedback pages list the corpus's scenarios too: they
    // grow, they are checked below through the scenarios they list.
    const listsCorpus = (path: string) =>
      /^colorado\/(feedback\/[a-z]+\/)?fuel@(x86_64|aarch64)\.|^colorado\/(validated|changes)\.html$/.test(
        path,
      );
    for (const path of legit.filter((path) => !listsCorpus(path)))
      expect(after.get(path), path).toBe(before.get(path));
  });

  it('keeps the state and the changes of the legitimate scenarios as they were', async () => {
    const before = await readState(clean);
    const after = await readState(hostile);
    for (const installer of Object.keys(before.history[VERSION])) {
      for (const scenario of Object.keys(before.history[VERSION][installer])) {
        const path = `${installer}/${scenario}`;
        expect(after.history[VERSION][installer][scenario], path).toEqual(
          before.history[VERSION][installer][scenario],
        );
        expect(after.validated[VERSION]?.[installer]?.[scenario], path).toEqual(
          before.validated[VERSION]?.[installer]?.[scenario],
        );
      }
    }
    const legit = new Set(
      Object.keys(before.history[VERSION]).flatMap((installer) =>
        Object.keys(before.history[VERSION][installer]).map((scenario) => `${installer}\u0000${scenario}`),
      ),
    );
    const changesOf = (status: StatusJson) =>
      (status.changes.find((entry) => entry.version === VERSION)?.days ?? []).map((day) => ({
        day: day.day,
        changes: day.changes.filter((change) => legit.has(`${change.installer}\u0000${change.scenario}`)),
      }));
    const statusBefore: StatusJson = await readJson(clean, 'status.json');
    const statusAfter: StatusJson = await readJson(hostile, 'status.json');
    expect(changesOf(statusAfter)).toEqual(changesOf(statusBefore));
  });

  it('forges nothing: no corpus name is validated, and each has its own page holding its own name', async () => {
    const status: StatusJson = await readJson(hostile, 'status.json');
    expect(statusSchemaIssues(status)).toEqual([]);
    const clean200: StatusJson = await readJson(clean, 'status.json');
    const legit = scenariosOf(clean200, VERSION);
    for (const version of status.versions) {
      for (const installer of version.installers) {
        for (const scenario of installer.scenarios) {
          if (version.version === VERSION && legit.has(`${installer.installer}\u0000${scenario.scenario}`))
            continue;
          expect(scenario.validated, `${version.version}/${installer.installer}/${scenario.scenario}`).toBe(
            false,
          );
        }
      }
    }
    for (const change of status.changes.flatMap((entry) => entry.days.flatMap((day) => day.changes)))
      if (change.kind === 'validated')
        expect(legit.has(`${change.installer}\u0000${change.scenario}`), change.scenario).toBe(true);

    const files = await siteFiles(hostile);
    const pages = new Set<string>();
    for (const name of ACCEPTED) {
      for (const [version, installer, scenario] of [
        [VERSION, name, LEGIT_SCENARIO],
        [VERSION, 'fuel@x86_64', name],
        [name, 'fuel', LEGIT_SCENARIO],
      ] as const) {
        const page = sitePaths.scenarioPage(version, installer, scenario);
        expect(pages.has(page), page).toBe(false);
        pages.add(page);
        const html = files.get(page);
        expect(html, `${JSON.stringify(name)} → ${page}`).toBeDefined();
        if (!/[&<>"'`=]/.test(name))
          expect(html).toContain(`<h1>${scenario} · ${installer} · ${version}</h1>`);
      }
    }
  });

  it('refuses the names it cannot keep apart or show, by reason, and prints no forged line', async () => {
    const status: StatusJson = await readJson(hostile, 'status.json');
    const reasons = Object.keys(status.documents.rejectedReasons);
    for (const [, reason] of REFUSED)
      expect(
        reasons.some((text) => text.endsWith(reason)),
        reason,
      ).toBe(true);
    const namesOf = (shown: StatusJson) =>
      new Set(
        shown.versions.flatMap((version) => [
          version.version,
          ...version.installers.flatMap((installer) => [
            installer.installer,
            ...installer.scenarios.map((scenario) => scenario.scenario),
          ]),
        ]),
      );
    const shown = namesOf(status);
    // fuel@x86_64 is shown: it is the split's name for fuel's x86 runs, as on the clean day.
    const legit = namesOf(await readJson(clean, 'status.json'));
    // `@` is refused in installers only: as a scenario or version it is a name like any other.
    for (const [name, reason] of REFUSED.filter(([, reason]) => reason !== 'with @'))
      expect(shown.has(name), `${JSON.stringify(name.slice(0, 40))} (${reason})`).toBe(legit.has(name));
    expect(hostile.stdout).not.toContain('\u001b');
    // The table of the day with the corpus is the clean day's table plus the corpus's own rows.
    // Columns widen with longer names, so lines are compared with their spacing collapsed.
    const lines = (text: string) => text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());
    const cleanLines = new Set(lines(clean.stdout));
    const added = lines(hostile.stdout).filter((line) => !cleanLines.has(line));
    expect(added.filter((line) => line.includes('OK'))).toEqual([]);
  });
});
