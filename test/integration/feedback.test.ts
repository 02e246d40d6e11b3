// The Tempest and vIMS feedback pages of the sample data, checked against the documents themselves:
// every value, check and failed-test name of one scenario, on the page and in status.json.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EJSON, type Document } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/app/generate.js';
import { DEFAULT_CONFIG, type ReportingConfig } from '../../src/config/index.js';
import { formatDuration, formatPercent, parseResultDate, type Logger } from '../../src/core/index.js';
import { root, sample } from '../support/cli.js';
import { statusSchemaIssues } from '../support/status-schema.js';
import { sitePath } from '../support/site.js';
import { startThreeSources } from '../support/three-sources.js';

type Doc = Record<string, unknown> & { details: Record<string, unknown> };
interface RunJson {
  date: string;
  buildUrl: string | null;
  unreadable: string | null;
  values: { name: string; value: number | null }[];
  checks: { label: string; threshold: string; passed: boolean | null }[];
  failed: string[];
  share: number | null;
}
interface PageJson {
  report: string;
  version: string;
  installer: string;
  scenarios: { scenario: string; runs: RunJson[] }[];
}

const AS_OF = Date.UTC(2016, 6, 14, 23, 59, 59);
const FROM = AS_OF - 10 * 86_400_000;
const HOSTILE = '<img src=x onerror=alert(1)>tempest.api.</td><script>alert("x")</script>';
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const escape = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/=/g, '&#x3D;');

let work: string;
let config: ReportingConfig;
let documents: Doc[];
let status: { feedback: PageJson[] };

/** The sample's documents of one test case, installer and scenario in the window, newest first, at most 5. */
function newestDocs(testCase: string, installer: string, scenario: string): Doc[] {
  const at = (doc: Doc) => parseResultDate(doc.start_date, 'UTC') ?? 0;
  return documents
    .filter((doc) => doc.case_name === testCase && doc.installer === installer && doc.version === 'colorado')
    .filter((doc) => doc.scenario === scenario && at(doc) > FROM && at(doc) <= AS_OF)
    .sort((a, b) => at(b) - at(a))
    .slice(0, 5);
}

function pageJson(report: string, installer: string, scenario: string): RunJson[] {
  const page = status.feedback.find(
    (entry) => entry.report === report && entry.installer === installer && entry.version === 'colorado',
  );
  return page?.scenarios.find((entry) => entry.scenario === scenario)?.runs ?? [];
}

/** The HTML of a scenario's section on a feedback page, one string per run row. */
async function pageRows(report: string, installer: string, scenario: string): Promise<string[]> {
  const html = await readFile(
    sitePath(join(work, 'out'), 'colorado', 'feedback', report, `${installer}.html`),
    'utf8',
  );
  const section = html.slice(html.indexOf(`id="s-${scenario}"`));
  const body = section.slice(section.indexOf('<tbody>'), section.indexOf('</tbody>'));
  return body.split('<tr>').slice(1);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-feedback-'));
  const lines = (await readFile(sample, 'utf8')).split('\n');
  documents = lines.flatMap((line) => {
    try {
      const doc = JSON.parse(line) as Doc;
      return typeof doc === 'object' && doc !== null ? [doc] : [];
    } catch {
      return [];
    }
  });
  const hostile = {
    project_name: 'functest',
    case_name: 'tempest_smoke_serial',
    installer: 'compass',
    version: 'colorado',
    scenario: 'os-nosdn-nofeature-ha',
    build_tag: 'jenkins-functest-compass-huawei-pod1-daily-colorado-999',
    criteria: 'FAIL',
    start_date: '2016-07-14 23:00:00',
    details: { success_number: 170, failures_number: 1, failures: [HOSTILE], success_rate: 99.4 },
  };
  await writeFile(join(work, 'results.ndjson'), `${lines.join('\n')}\n${JSON.stringify(hostile)}\n`);
  config = {
    ...DEFAULT_CONFIG,
    source: `file:${join(work, 'results.ndjson')}`,
    criteriaDir: join(root, 'criteria'),
    asOf: new Date(AS_OF).toISOString(),
    outDir: join(work, 'out'),
    statePath: join(work, 'out', 'state.json'),
  };
  await generate({ config, logger: quiet, now: () => AS_OF });
  status = JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the Tempest page of apex / os-odl_l3-nofeature-ha', () => {
  const SCENARIO = 'os-odl_l3-nofeature-ha';

  it('shows the newest 5 runs, newest first, in both data shapes, one of them unreadable', () => {
    const docs = newestDocs('tempest_smoke_serial', 'apex', SCENARIO);
    const runs = pageJson('tempest', 'apex', SCENARIO);
    expect(runs.map((run) => Date.parse(run.date))).toEqual(
      docs.map((doc) => parseResultDate(doc.start_date, 'UTC')),
    );
    expect(docs).toHaveLength(5);
    expect(docs.some((doc) => typeof doc.details === 'object' && 'tests' in doc.details)).toBe(true);
    expect(docs.some((doc) => typeof doc.details === 'object' && 'success_number' in doc.details)).toBe(true);
    expect(runs.filter((run) => run.unreadable !== null)).toEqual([
      expect.objectContaining({ unreadable: 'details is missing or not an object', failed: [] }),
    ]);
  });

  it('has every value, check and failed test of the documents, on the page and in status.json', async () => {
    const docs = newestDocs('tempest_smoke_serial', 'apex', SCENARIO);
    const runs = pageJson('tempest', 'apex', SCENARIO);
    const rows = await pageRows('tempest', 'apex', SCENARIO);
    expect(rows).toHaveLength(docs.length);
    docs.forEach((doc, i) => {
      const run = runs[i];
      const row = rows[i] ?? '';
      if (typeof doc.details !== 'object') {
        expect(row).toContain('details cannot be read: details is missing or not an object');
        expect(run?.checks.map((check) => check.passed)).toEqual([null, null, null]);
        return;
      }
      const d = doc.details;
      const tests = (d.tests ?? d.success_number) as number;
      const failures = (typeof d.failures === 'number' ? d.failures : d.failures_number) as number;
      const rate = tests === 0 ? 0 : (100 * (tests - failures)) / tests;
      const start = parseResultDate(doc.start_date, 'UTC') ?? 0;
      const stop = parseResultDate(doc.stop_date, 'UTC') ?? 0;
      const duration = (d.duration as number | undefined) ?? (stop - start) / 1000;
      const failed = (Array.isArray(d.errors) ? d.errors : d.failures) as string[];
      expect(run?.values.map((value) => value.value)).toEqual([tests, failures, rate, duration]);
      expect(run?.checks).toEqual([
        { label: 'tests run', threshold: '≥ 165', passed: tests >= 165 },
        { label: 'success rate', threshold: '≥ 90%', passed: rate >= 90 },
        { label: 'duration', threshold: '< 1800 s', passed: duration < 1800 },
      ]);
      expect(run?.failed).toEqual(failed);
      const cells = [tests, failures, formatPercent(rate), formatDuration(duration)].map(
        (v) => `<td class="num">${v}</td>`,
      );
      expect(row).toContain(cells.join(''));
      const marks = [tests >= 165, rate >= 90, duration < 1800].map((ok) => (ok ? 'pass' : 'fail'));
      expect([...row.matchAll(/class="check (\w+)"/g)].map((match) => match[1])).toEqual(marks);
      for (const threshold of ['≥ 165', '≥ 90%', '&lt; 1800 s']) expect(row).toContain(threshold);
      for (const name of failed) expect(row).toContain(`<li><code>${name}</code></li>`);
      if (failed.length > 0) expect(row).toContain(`<summary>${failed.length} failed</summary>`);
      expect(row).toContain(`href="${run?.buildUrl}"`);
    });
  });
});

describe('the vIMS page of compass / os-nosdn-nofeature-ha', () => {
  it('has every step duration, signaling count, check and failed signaling test, and the share of steps that succeeded', async () => {
    const SCENARIO = 'os-nosdn-nofeature-ha';
    const docs = newestDocs('vims', 'compass', SCENARIO);
    const runs = pageJson('vims', 'compass', SCENARIO);
    const rows = await pageRows('vims', 'compass', SCENARIO);
    expect(docs).toHaveLength(5);
    expect(rows).toHaveLength(docs.length);
    const thresholds = ['≠ 0 s', '≠ 0 s', '≠ 0 s', '≠ 0 s and signaling failures ≤ signaling passed'];
    const labels = ['initialisation', 'orchestrator', 'vIMS', 'sig_test'];
    docs.forEach((doc, i) => {
      const d = doc.details as Record<
        string,
        { duration: number; result?: { result: string; name: string }[] }
      >;
      const steps = ['initialisation', 'orchestrator', 'vIMS', 'sig_test'].map(
        (step) => d[step]?.duration ?? 0,
      );
      const results = d.sig_test?.result ?? [];
      const count = (word: string) => results.filter((entry) => entry.result === word).length;
      const [passed, failures, skipped] = [count('Passed'), count('Failed'), count('Skipped')];
      const ok = steps.map((duration, step) => duration !== 0 && (step < 3 || failures <= passed));
      const share = Math.round((1000 * ok.filter(Boolean).length) / 4) / 10;
      const failedNames = results.filter((entry) => entry.result === 'Failed').map((entry) => entry.name);
      const run = runs[i];
      expect(run?.values.map((value) => value.value)).toEqual([...steps, passed, failures, skipped]);
      expect(run?.checks).toEqual(
        labels.map((label, step) => ({ label, threshold: thresholds[step], passed: ok[step] })),
      );
      expect(run?.share).toBe(share);
      expect(run?.failed).toEqual(failedNames);
      const row = rows[i] ?? '';
      const cells = [...steps.map(formatDuration), passed, failures, skipped].map(
        (v) => `<td class="num">${v}</td>`,
      );
      expect(row).toContain(cells.join(''));
      const marks = ok.map((pass) => (pass ? 'pass' : 'fail'));
      expect([...row.matchAll(/class="check (\w+)"/g)].map((match) => match[1])).toEqual(marks);
      for (const threshold of thresholds) expect(row).toContain(escape(threshold));
      expect(row).toContain(`<td class="num">${share}%</td>`);
      for (const name of failedNames) expect(row).toContain(`<li><code>${name}</code></li>`);
      if (failedNames.length > 0) expect(row).toContain(`<summary>${failedNames.length} failed</summary>`);
      expect(row).toContain(`href="${run?.buildUrl}"`);
    });
    // The sample holds both kinds of vIMS failure here: a step that never finished and failed signaling.
    expect(runs.some((run) => run.checks.slice(0, 3).some((check) => check.passed === false))).toBe(true);
    expect(runs.some((run) => run.failed.length > 0)).toBe(true);
  });
});

describe('feedback pages', () => {
  it('escape hostile failed-test names', async () => {
    const html = await readFile(
      sitePath(join(work, 'out'), 'colorado', 'feedback', 'tempest', 'compass.html'),
      'utf8',
    );
    expect(html).toContain(escape(HOSTILE));
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    const runs = pageJson('tempest', 'compass', 'os-nosdn-nofeature-ha');
    expect(runs[0]?.failed).toEqual([HOSTILE]);
  });

  it('are linked from the status page header and cells, and from the overview; status.json keeps to its schema', async () => {
    const installer = await readFile(sitePath(join(work, 'out'), 'colorado', 'apex.html'), 'utf8');
    expect(installer).toContain(
      '<a href="../colorado/feedback/tempest/apex.html">Tempest (tempest_smoke_serial)</a>',
    );
    expect(installer).toContain('<a href="../colorado/feedback/vims/apex.html">vIMS (vims)</a>');
    expect(installer).toContain('href="../colorado/feedback/tempest/apex.html#s-os-odl_l3-nofeature-ha"');
    expect(installer).toContain('href="../colorado/feedback/vims/apex.html#s-os-nosdn-nofeature-ha"');
    const index = await readFile(sitePath(join(work, 'out'), 'index.html'), 'utf8');
    expect(index).toContain('<a href="colorado/feedback/vims/joid.html">vIMS (vims)</a>');
    expect(statusSchemaIssues(status)).toEqual([]);
    expect(status.feedback.map((page) => `${page.report} ${page.version}/${page.installer}`)).toContain(
      'tempest colorado/fuel',
    );
  });
});

describe('the feedback entries of status.json', () => {
  it('are the same from the file, Mongo and results-API sources, 5 runs each even with --max-runs 4', async () => {
    const sources = await startThreeSources({ criteriaDir: join(root, 'criteria') });
    try {
      // As mongoimport reads the sample: {"$date": …} becomes a date, {"$oid": …} an ObjectId.
      const imported = documents.map((document) => EJSON.deserialize(document) as Document);
      const statuses = await sources.statuses(imported, { maxRuns: 4 });
      const feedback = (text: string) => (JSON.parse(text) as { feedback: PageJson[] }).feedback;
      expect(feedback(statuses.mongo)).toEqual(feedback(statuses.file));
      expect(feedback(statuses.api)).toEqual(feedback(statuses.file));
      const apex = feedback(statuses.file).find(
        (page) => page.report === 'tempest' && page.version === 'colorado' && page.installer === 'apex',
      );
      const scenario = apex?.scenarios.find((entry) => entry.scenario === 'os-odl_l3-nofeature-ha');
      expect(scenario?.runs).toHaveLength(5);
    } finally {
      await sources.close();
    }
  });
});

// Last in the file: it rewrites the site the tests above read.
describe('a partial run (--installer apex)', () => {
  it("rewrites apex's feedback entries and keeps every other installer's as published, in order", async () => {
    const before = status.feedback;
    const later = AS_OF + 3_600_000;
    await generate({
      config: { ...config, installers: ['apex'], asOf: new Date(later).toISOString() },
      logger: quiet,
      now: () => later,
    });
    const after = (
      JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8')) as typeof status
    ).feedback;
    expect(after.map((page) => [page.report, page.version, page.installer])).toEqual(
      before.map((page) => [page.report, page.version, page.installer]),
    );
    for (const [i, page] of after.entries()) {
      if (page.installer !== 'apex') expect(page).toEqual(before[i]);
    }
    const apex = after.find((page) => page.report === 'tempest' && page.installer === 'apex');
    expect(apex?.scenarios.map((entry) => entry.runs.length)).toEqual([5, 5, 5]);
  });
});
