// What changed, end to end: three report days through the real job, where one scenario loses its
// validation, another gains it and a third goes stale. The page, the feed and status.json must agree.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/app/generate.js';
import { DEFAULT_CONFIG, type ReportingConfig } from '../../src/config/index.js';
import type { Logger, Run, ScenarioVerdict, TestCaseVerdict } from '../../src/core/index.js';
import { badgeEndpointJson, badgeOf, badgeSvg } from '../../src/render/index.js';
import { statusSchemaIssues } from '../support/status-schema.js';
import { root } from '../support/cli.js';
import { relaxNgProblems, xmlProblems } from '../support/xml.js';
import { sitePath } from '../support/site.js';

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const DAYS = ['2016-07-10', '2016-07-11', '2016-07-12'];
let work: string;

/** One healthcheck run a day at 06:00 from July 1st; `fails` lists the days (of July) it failed. */
function runs(scenario: string, lastDay: number, fails: number[] = []) {
  return Array.from({ length: lastDay }, (_, i) => i + 1).map((day) => ({
    project_name: 'functest',
    case_name: 'healthcheck',
    installer: 'fuel',
    version: 'colorado',
    scenario,
    pod_name: 'lf-pod2',
    build_tag: `jenkins-functest-fuel-lf-pod2-daily-colorado-${day}`,
    criteria: fails.includes(day) ? 'FAIL' : 'PASS',
    start_date: `2016-07-${String(day).padStart(2, '0')} 06:00:00`,
  }));
}

function config(day: string): ReportingConfig {
  return {
    ...DEFAULT_CONFIG,
    source: `file:${join(work, 'results.ndjson')}`,
    criteriaDir: join(work, 'criteria'),
    asOf: day,
    outDir: join(work, 'out'),
    statePath: join(work, 'out', 'state.json'),
  };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-changes-'));
  const documents = [
    ...runs('os-loses', 12, [12]),
    ...runs('os-gains', 12, [8]),
    ...runs('os-goes-stale', 10),
  ];
  await writeFile(join(work, 'results.ndjson'), `${documents.map((d) => JSON.stringify(d)).join('\n')}\n`);
  await mkdir(join(work, 'criteria'));
  await writeFile(
    join(work, 'criteria', 'healthcheck.yaml'),
    [
      'project: functest',
      'tiers:',
      '  - name: healthcheck',
      '    order: 0',
      '    testcases:',
      '      - name: healthcheck',
      `        criteria: 'status == "PASS"'`,
      '',
    ].join('\n'),
  );
  for (const day of DAYS) await generate({ config: config(day), logger: quiet, now: () => 0 });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const read = (path: string) => readFile(sitePath(join(work, 'out'), path), 'utf8');

describe('three report days', () => {
  it('puts the same changes in status.json, on the changes page and in the feed', async () => {
    const status = JSON.parse(await read('status.json'));
    expect(statusSchemaIssues(status)).toEqual([]);
    const [colorado] = status.changes;
    expect(colorado.days.map((d: { day: string }) => d.day)).toEqual(['2016-07-12']);
    const kinds = colorado.days[0].changes.map(
      (c: { scenario: string; kind: string }) => `${c.scenario} ${c.kind}`,
    );
    expect(kinds).toEqual([
      'os-gains validated',
      'os-gains points',
      'os-goes-stale stale',
      'os-loses lost-validation',
      'os-loses points',
    ]);

    const page = await read('colorado/changes.html');
    expect(page).toContain('id="day-2016-07-12"');
    expect(page).not.toContain('id="day-2016-07-11"');
    for (const note of colorado.days[0].changes.map((c: { note: string }) => c.note)) {
      expect(page).toContain(note);
    }
    // One row per scenario: os-loses lost validation, its healthcheck points folded under it.
    expect(page.match(/<tr class="change /g)).toHaveLength(3);
    expect(page).toMatch(
      /os-loses<\/a><\/th>\s*<td><span class="change-kind bad">▼ lost validation<\/span><\/td>[\s\S]*?<details class="change-tests"><summary>1 change test by test<\/summary>[\s\S]*?healthcheck: 3 → 2 points/,
    );

    const feed = await read('colorado/fuel.atom');
    expect(feed.match(/<entry>/g)).toHaveLength(1);
    expect(feed).toContain('<id>tag:scenario-report,2016:colorado/fuel/2016-07-12</id>');
    for (const scenario of ['os-gains', 'os-goes-stale', 'os-loses']) expect(feed).toContain(scenario);
  });

  it('shows the points that moved with the runs behind them', async () => {
    const status = JSON.parse(await read('status.json'));
    const moved = status.changes[0].days[0].changes.find(
      (c: { scenario: string; kind: string }) => c.scenario === 'os-loses' && c.kind === 'points',
    );
    expect(moved).toMatchObject({ test: 'healthcheck', from: 3, to: 2, runs: 'PPPPPPPPPF' });
  });

  it('adds no duplicate entry when the same day runs again', async () => {
    const before = await read('status.json');
    await generate({ config: config('2016-07-12'), logger: quiet, now: () => 0 });
    expect(await read('status.json')).toBe(before);
    expect((await read('colorado/fuel.atom')).match(/<entry>/g)).toHaveLength(1);
  });

  it("posts the day's changes to the webhook after a successful run, the lock already released", async () => {
    const received: unknown[] = [];
    const lockedWhenCalled: boolean[] = [];
    const server = createServer((request, response) => {
      lockedWhenCalled.push(existsSync(join(work, 'out', '.scenario-report.lock')));
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    await generate({ config: { ...config('2016-07-12'), notifyUrl }, logger: quiet, now: () => 0 });
    await new Promise<void>((done) => server.close(() => done()));
    const status = JSON.parse(await read('status.json'));
    expect(received).toEqual([{ day: '2016-07-12', changes: status.changes }]);
    // A webhook that hangs holds no other run back.
    expect(lockedWhenCalled).toEqual([false]);
  });

  it('writes a feed that is valid Atom 1.0 (RFC 4287 schema)', async () => {
    const feed = await read('colorado/fuel.atom');
    expect(await relaxNgProblems(join(root, 'test/fixtures/atom.rng'), feed)).toEqual([]);
  });

  it('would report a feed that breaks the Atom schema', async () => {
    const feed = (await read('colorado/fuel.atom')).replace(/<updated>[^<]*<\/updated>/, '');
    expect(await relaxNgProblems(join(root, 'test/fixtures/atom.rng'), feed)).not.toEqual([]);
  });

  it('links the feed from the installer page and the changes page from every page', async () => {
    const installerPage = await read('colorado/fuel.html');
    expect(installerPage).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(installerPage).toContain('href="../colorado/fuel.atom"');
    for (const page of [
      'index.html',
      'colorado/fuel.html',
      'colorado/fuel/os-loses.html',
      'colorado/validated.html',
    ]) {
      expect(await read(page)).toMatch(/href="(\.\.\/)*colorado\/changes\.html"/);
    }
  });
});

describe('badges', () => {
  const base: ScenarioVerdict = {
    scenario: 'os-nosdn-nofeature-ha',
    score: 27,
    max: 27,
    percent: 100,
    status: 'OK',
    validated: true,
    pending: false,
    stale: false,
    missing: [],
    runCount: 36,
    builds: 4,
    newestRunAt: null,
    lastBuildTag: null,
    tests: [],
  };
  const twoRuns: TestCaseVerdict = {
    name: 'vping_ssh',
    project: 'functest',
    tier: 'smoke',
    scored: true,
    points: 2,
    reason: '2 runs passed → 2 points',
    runs: [1, 2].map((build): Run => ({
      version: 'master',
      installer: 'fuel',
      scenario: base.scenario,
      project: 'functest',
      testCase: 'vping_ssh',
      pod: 'lf-pod2',
      buildTag: `jenkins-${build}`,
      startedAt: Date.UTC(2016, 6, 13 + build),
      passed: true,
    })),
  };

  it.each([
    ['validated', base, 'validated', '#1a7f37'],
    ['KO', { ...base, score: 20, status: 'KO', validated: false }, 'KO 20/27', '#cf222e'],
    [
      'pending',
      { ...base, score: 24, status: 'KO', validated: false, pending: true, tests: [twoRuns] },
      'KO 24/27',
      '#cf222e',
    ],
    ['stale', { ...base, stale: true }, 'stale 27/27', '#9a6700'],
    [
      'not run since',
      { ...base, notRunSince: '2016-06-20', stale: true },
      'stale, validated 2016-06-20',
      '#9a6700',
    ],
    ['no data', { ...base, score: 0, max: 0, status: 'NO_DATA', validated: false }, 'no data', '#6e7781'],
  ] as const)('renders a %s badge as SVG and as a shields.io endpoint', (_name, scenario, message, color) => {
    const badge = badgeOf(scenario as ScenarioVerdict);
    expect(badge).toMatchObject({ message, color });
    expect(badgeSvg(badge)).toContain(`>${message}</text>`);
    expect(JSON.parse(badgeEndpointJson(badge))).toEqual({
      schemaVersion: 1,
      label: 'os-nosdn-nofeature-ha',
      message,
      color,
    });
  });

  it('escapes a hostile scenario name', () => {
    const svg = badgeSvg(badgeOf({ ...base, scenario: '<script>alert("x")</script>&\u0000' }));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(svg).not.toContain('\u0000');
    expect(xmlProblems(svg)).toEqual([]);
  });
});
