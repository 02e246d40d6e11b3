// `scenario-report generate` as a user runs it: the built binary as a child process, on the bundled
// sample data. Needs `npm run build` first (the test script does it).
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusSchemaIssues } from '../support/status-schema.js';
import { root, runCli, sample } from '../support/cli.js';
import { sitePath } from '../support/site.js';

const AS_OF = '2016-07-14T23:59:59Z';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-cli-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const scenarioReport = (args: string[], env: Record<string, string> = {}) => runCli(args, work, env);

function generateArgs(...extra: string[]): string[] {
  return [
    'generate',
    '--source',
    `file:${sample}`,
    '--criteria',
    join(root, 'criteria'),
    '--as-of',
    AS_OF,
    '--out',
    join(work, 'out'),
    ...extra,
  ];
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
  } catch {
    return [];
  }
}

describe('generate on the sample data', () => {
  it('prints a verdict and writes a status.json that follows the contract', async () => {
    const result = scenarioReport(generateArgs());
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/colorado \/ fuel: \d+ of \d+ validated/);

    const status = JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8'));
    expect(status).toMatchObject({ asOf: '2016-07-14T23:59:59Z', period: 10, rule: 'documented' });
    expect(statusSchemaIssues(status)).toEqual([]);
    expect(status.documents.rejected).toBeGreaterThan(0);
    // The log tells what the source took in apart from what it handed on.
    expect(result.stderr).toMatch(
      new RegExp(`source\\.read received=${status.source.documentsReceived} documents=\\d+ `),
    );
    expect(Object.values(status.documents.rejectedReasons).reduce((a: number, b) => a + Number(b), 0)).toBe(
      status.documents.rejected,
    );
    // Every line of the sample is accounted for, on status.json and on the overview.
    const lines = (await readFile(sample, 'utf8')).split('\n').filter((line) => line.trim() !== '').length;
    const { read, ...buckets } = status.source.accounting as Record<string, number>;
    expect(read).toBe(lines);
    expect(Object.values(buckets).reduce((sum, count) => sum + count, 0)).toBe(read);
    expect(buckets).toMatchObject({ used: status.documents.used, rejected: status.documents.rejected });
    const overview = await readFile(sitePath(join(work, 'out'), 'index.html'), 'utf8');
    expect(overview).toContain(`${read} read: ${buckets.used} used · ${buckets.rejected} rejected · `);
    expect(overview).toContain(`${buckets.outsideWindow} outside the window`);
    const installers = status.versions.flatMap((v: { installers: { installer: string }[] }) =>
      v.installers.map((i) => i.installer),
    );
    expect(installers).toEqual(expect.arrayContaining(['apex', 'compass', 'fuel', 'joid']));
    const scenarios = status.versions.flatMap((v: { installers: { scenarios: unknown[] }[] }) =>
      v.installers.flatMap((i) => i.scenarios),
    );
    for (const scenario of scenarios) {
      expect(scenario).toEqual(
        expect.objectContaining({
          scenario: expect.any(String),
          score: expect.any(Number),
          max: expect.any(Number),
          percent: expect.any(Number),
          status: expect.stringMatching(/^(OK|KO|NO_DATA)$/),
          validated: expect.any(Boolean),
          pending: expect.any(Boolean),
          stale: expect.any(Boolean),
          missing: expect.any(Array),
          runs: expect.any(Number),
          tests: expect.any(Array),
        }),
      );
      expect(scenario.validated).toBe(scenario.max > 0 && scenario.score === scenario.max);
      expect(scenario.status).toBe(scenario.validated ? 'OK' : scenario.max === 0 ? 'NO_DATA' : 'KO');
    }
    const statuses = new Set(scenarios.map((s: { status: string }) => s.status));
    expect(statuses.has('OK') && statuses.has('KO')).toBe(true);
  });

  it('writes the status.json the README describes', async () => {
    expect(scenarioReport(generateArgs()).code).toBe(0);
    const status = JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8'));
    const readme = (await readFile(join(root, 'README.md'), 'utf8')).replace(/\s+/g, ' ');
    const contract = /`status\.json` is a contract.*?The same inputs/.exec(readme)?.[0] ?? '';
    const names = (text: string) => [...text.matchAll(/`(\w+)`/g)].map((match) => match[1]);
    for (const key of Object.keys(status)) expect(contract).toMatch(new RegExp(`\`${key}[\`[]`));
    expect(names(/`documents` \(([^)]*)\)/.exec(contract)?.[1] ?? '')).toEqual(Object.keys(status.documents));
  });

  it('gives a byte-identical status.json when run twice', async () => {
    expect(scenarioReport(generateArgs()).code).toBe(0);
    const first = await readFile(sitePath(join(work, 'out'), 'status.json'));
    expect(scenarioReport(generateArgs()).code).toBe(0);
    const second = await readFile(sitePath(join(work, 'out'), 'status.json'));
    expect(second.equals(first)).toBe(true);
  });

  it('prints one JSON object with --json', () => {
    const result = scenarioReport(generateArgs('--json'));
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.wroteFiles).toBe(true);
    expect(summary.versions.length).toBeGreaterThan(0);
  });

  it('writes nothing with --dry-run and still prints the verdict', async () => {
    const result = scenarioReport(generateArgs('--dry-run'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/validated/);
    expect(await filesUnder(join(work, 'out'))).toEqual([]);
  });
});

/** status.json's condition → the class and word of the page's status cell: one colour per tone. */
const SHOWN_CONDITION: Record<string, [string, string]> = {
  validated: ['ok', 'OK'],
  ko: ['ko', 'KO'],
  missing: ['ko', 'KO'],
  pending: ['ko', 'KO'],
  stale: ['stale', 'stale'],
  'not-run-since': ['stale', 'stale'],
  'no-data': ['info', 'no data'],
};

describe('the pages of the sample data', () => {
  const HOSTILE = 'os-<script>alert("x")</script>-ha';
  const ESCAPED = 'os-&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;-ha';

  /** The sample, plus four passing vping_ssh runs of a scenario with a hostile name and build tag. */
  async function sampleWithHostileScenario(): Promise<string> {
    const lines = (await readFile(sample, 'utf8')).trimEnd().split('\n');
    const hostile = [11, 12, 13, 14].map((day) =>
      JSON.stringify({
        project_name: 'functest',
        case_name: 'vping_ssh',
        installer: 'fuel',
        version: 'colorado',
        scenario: HOSTILE,
        pod_name: 'lf-pod2',
        build_tag: 'javascript:alert(1)',
        criteria: 'PASS',
        start_date: `2016-07-${day} 03:00:00`,
      }),
    );
    const path = join(work, 'results.ndjson');
    await writeFile(path, [...lines, ...hostile].join('\n') + '\n');
    return path;
  }

  it('show the scores, statuses and links of status.json, and hostile names as text', async () => {
    const args = generateArgs();
    args[2] = `file:${await sampleWithHostileScenario()}`;
    expect(scenarioReport(args).code).toBe(0);
    const out = sitePath(join(work, 'out'));
    const status = JSON.parse(await readFile(join(out, 'status.json'), 'utf8'));
    const fuel = status.versions
      .find((v: { version: string }) => v.version === 'colorado')
      .installers.find((i: { installer: string }) => i.installer === 'fuel');
    const page = await readFile(join(out, 'colorado/fuel.html'), 'utf8');
    const rows = [...page.matchAll(/<tr data-filter="[^"]*">([\s\S]*?)<\/tr>/g)].map(
      (match) => match[1] ?? '',
    );
    expect(rows).toHaveLength(fuel.scenarios.length);
    expect(fuel.scenarios.map((s: { scenario: string }) => s.scenario)).toContain(HOSTILE);

    for (const scenario of fuel.scenarios) {
      const shown = scenario.scenario === HOSTILE ? ESCAPED : scenario.scenario;
      const row = rows.find((text) => text.includes(`>${shown}</a>`));
      expect(row, scenario.scenario).toBeDefined();
      expect(row).toContain(`>${scenario.score}/${scenario.max}<`);
      const [tone, word] = SHOWN_CONDITION[scenario.condition as string] ?? [];
      expect(row).toMatch(new RegExp(`<span class="status ${tone}" title="[^"]*">${word}</span>`));
      expect(row).toContain(`data-sort="${scenario.builds}" title="${scenario.builds} CI build`);
      const href = /<a href="([^"]+)">/.exec(row ?? '')?.[1] ?? '';
      const scenarioPage = join(out, 'colorado', href);
      expect(existsSync(scenarioPage), href).toBe(true);
      expect(await readFile(scenarioPage, 'utf8')).toContain(`<h1>${shown}`);
      const points = [...(row ?? '').matchAll(/class="points p(\d)"/g)].map((match) => Number(match[1]));
      const scored = scenario.tests.filter((test: { scored: boolean }) => test.scored);
      expect(points.reduce((sum, value) => sum + value, 0)).toBe(scenario.score);
      expect(points).toHaveLength(scored.length);
      if (scenario.lastBuildUrl) expect(row).toContain(`href="${scenario.lastBuildUrl}"`);
    }

    for (const file of (await filesUnder(out)).filter((f) => f.endsWith('.html'))) {
      const html = await readFile(join(out, file), 'utf8');
      expect(html, file).not.toContain('<script>alert');
      expect(html, file).not.toMatch(/href="\s*javascript:/i);
    }
  });
});

describe('regenerating one installer', () => {
  it("rewrites that installer's pages, keeps the others byte-identical and the overview whole", async () => {
    expect(scenarioReport(generateArgs()).code).toBe(0);
    const out = sitePath(join(work, 'out'));
    const apexBefore = new Map<string, string>();
    for (const file of (await filesUnder(out)).filter((f) => f.startsWith('colorado/apex'))) {
      apexBefore.set(file, await readFile(join(out, file), 'utf8'));
    }
    expect(apexBefore.size).toBeGreaterThan(3);
    const result = scenarioReport(generateArgs('--installer', 'fuel', '--as-of', '2016-07-15T12:00:00Z'));
    expect(result.code).toBe(0);
    for (const [file, text] of apexBefore) expect(await readFile(join(out, file), 'utf8'), file).toBe(text);
    const fuelPage = await readFile(join(out, 'colorado/fuel.html'), 'utf8');
    expect(fuelPage).toContain('2016-07-15 12:00 UTC');
    const index = await readFile(join(out, 'index.html'), 'utf8');
    for (const installer of ['apex', 'compass', 'fuel', 'joid'])
      expect(index).toContain(`colorado/${installer}.html`);
    const status = JSON.parse(await readFile(join(out, 'status.json'), 'utf8'));
    const colorado = status.versions.find((v: { version: string }) => v.version === 'colorado');
    // In the order the last full run wrote them: a partial run moves no installer.
    expect(colorado.installers.map((i: { installer: string }) => i.installer)).toEqual([
      'apex',
      'compass',
      'fuel',
      'joid',
    ]);
  });
});

describe('regenerating one installer after status.json was edited', () => {
  const edited = async (edit: (status: { versions: unknown[] }) => unknown) => {
    expect(scenarioReport(generateArgs()).code).toBe(0);
    const path = join(sitePath(join(work, 'out')), 'status.json');
    await writeFile(path, JSON.stringify(edit(JSON.parse(await readFile(path, 'utf8')))));
    const result = scenarioReport(generateArgs('--installer', 'apex'));
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    return JSON.parse(await readFile(path, 'utf8')) as { versions: unknown[] };
  };

  it('shows an installer whose entry is not as written as the state last recorded it', async () => {
    const status = await edited((status) => {
      const colorado = status.versions[0] as { installers: { scenarios: { tests: object[] }[] }[] };
      // compass: a test case's points in words
      Object.assign(colorado.installers[1]?.scenarios[0]?.tests[0] ?? {}, { points: 'three' });
      return status;
    });
    expect(statusSchemaIssues(status).length).toBeGreaterThan(0);
    // Points only, no runs: its pending scenario is plain KO, as the state alone can tell.
    const overview = await readFile(join(sitePath(join(work, 'out')), 'index.html'), 'utf8');
    expect(overview).toContain('data-installer="compass" data-condition="ko"');
    expect(overview).not.toContain('data-installer="compass" data-condition="pending"');
  });

  it('writes a whole new status.json over one whose frame is not as written', async () => {
    const status = await edited((status) => ({ ...status, versions: [null, ...status.versions] }));
    expect(statusSchemaIssues(status)).toEqual([]);
  });
});

describe('refusals', () => {
  it('exits 2 naming the file and the problem for a bad criteria expression, and writes nothing', async () => {
    const criteria = join(work, 'criteria');
    await cp(join(root, 'criteria'), criteria, { recursive: true });
    const file = join(criteria, 'functest.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/criteria: 'status == "PASS"'/, `criteria: 'status === "PASS"'`));
    const result = scenarioReport([...generateArgs(), '--criteria', criteria]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('functest.yaml');
    expect(await filesUnder(join(work, 'out'))).toEqual([]);
  });

  it('exits 2 for an unknown key in reporting.yaml, naming the file', async () => {
    await writeFile(join(work, 'reporting.yaml'), 'peroid: 10\n');
    const result = scenarioReport(generateArgs());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('reporting.yaml');
    expect(result.stderr).toContain('peroid');
    expect(await filesUnder(join(work, 'out'))).toEqual([]);
  });

  it('exits 1 for an unreadable source and writes nothing', async () => {
    const result = scenarioReport([...generateArgs(), '--source', `file:${join(work, 'missing.ndjson')}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing.ndjson');
    expect(await filesUnder(join(work, 'out'))).toEqual([]);
  });

  it('exits 2 for an unknown flag, with a suggestion', () => {
    const result = scenarioReport([...generateArgs(), '--perod', '5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/perod/);
  });
});
