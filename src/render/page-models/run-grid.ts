// The scenario page's run grid, TestGrid-like: one row per test case, one column per CI build, oldest to
// newest, one small cell per run. The newest four runs of each test, the ones its points come from, are
// outlined, so a reader sees at a glance why a test has 2 points.
import { compareText, stabilityOf, type Run, type ScenarioVerdict } from '../../core/index.js';
import { html, joinHtml, type Html } from '../html.js';
import { testRunsId } from '../paths.js';
import { buildLinker, pointsCell, runCell, type BuildLinkModel, type PointsCell } from './cells.js';

export interface GridBuild {
  label: string;
  day: string;
  title: string;
}

export interface GridRow {
  name: string;
  /** The row's anchor, which status-page and "why" cells link to (paths.testRunsId). */
  id: string;
  informative: boolean;
  flaky: boolean;
  flipsLabel: string;
  cell: PointsCell;
  reason: string;
  /** The row's run cells, markup escaped by construction (render/html.ts). */
  cellsHtml: Html;
}

export interface RunGrid {
  builds: GridBuild[];
  rows: GridRow[];
}

/** Runs of one CI build share its tag; a run without a tag is a build of its own. */
const buildKey = (run: Run): string => run.buildTag || `@${run.startedAt}`;

/** The runs the points come from: the newest four (the documented rule's window of decision). */
const DECIDING_RUNS = 4;

function columnsOf(scenario: ScenarioVerdict): Array<{ key: string; first: Run }> {
  const first = new Map<string, Run>();
  for (const test of scenario.tests) {
    for (const run of test.runs) {
      const known = first.get(buildKey(run));
      if (known === undefined || run.startedAt < known.startedAt) first.set(buildKey(run), run);
    }
  }
  return [...first]
    .map(([key, run]) => ({ key, first: run }))
    .sort((a, b) => a.first.startedAt - b.first.startedAt || compareText(a.key, b.key));
}

export function runGridOf(scenario: ScenarioVerdict, ciBuildUrl: string): RunGrid {
  const columns = columnsOf(scenario);
  const linkOf = buildLinker(ciBuildUrl);
  return {
    builds: columns.map(({ first }) => {
      const cell = runCell(first, linkOf);
      return {
        label: cell.buildLabel,
        day: cell.date.slice(5, 10),
        title: `${cell.buildTag} · ${cell.date} UTC`,
      };
    }),
    rows: scenario.tests.map((test) => {
      const byBuild = new Map(test.runs.map((run, index) => [buildKey(run), { run, index }]));
      const { flips, stability } = stabilityOf(test.runs);
      return {
        name: test.name,
        id: testRunsId(test.name),
        informative: !test.scored,
        flaky: stability === 'flaky',
        flipsLabel: `${flips} flip${flips === 1 ? '' : 's'} between pass and fail in the period`,
        cell: pointsCell(test),
        reason: test.reason,
        cellsHtml: joinHtml(
          columns.map(({ key }) => {
            const entry = byBuild.get(key);
            return entry === undefined
              ? EMPTY_CELL
              : cellHtml(test.name, entry.run, entry.index >= test.runs.length - DECIDING_RUNS, linkOf);
          }),
        ),
      };
    }),
  };
}

const PASS_MARK = html`<span aria-hidden="true">✓</span>`;
const FAIL_MARK = html`<span aria-hidden="true">✗</span>`;
const EMPTY_CELL = html`<td class="run-cell none"></td>`;

/**
 * One run's cell, written here rather than by the template: 46 runs × 30 test cases a page are the
 * bulk of the site, and a template's helpers per cell cost many times the markup itself. The text is
 * runCell's (cells.ts), every value escaped by `html`. `decides`: among the newest four runs of its
 * test case.
 */
function cellHtml(
  testName: string,
  run: Run,
  decides: boolean,
  linkOf: (buildTag: string) => BuildLinkModel,
): Html {
  const date = new Date(run.startedAt).toISOString().slice(0, 16).replace('T', ' ');
  const note = run.failureNote ? ` · ${run.failureNote}` : '';
  const title = `${testName}: ${run.passed ? 'PASS' : 'FAIL'} · ${date} UTC · ${run.buildTag || 'no build tag'} · ${run.pod}${note}`;
  const mark = run.passed ? PASS_MARK : FAIL_MARK;
  const { buildUrl } = linkOf(run.buildTag);
  // A link is named by its title when its text is hidden (46 × 30 cells a page: the text once, not twice);
  // a span's title is not read out, so a cell without a link also holds its text for screen readers.
  const link = buildUrl
    ? html`<a href="${buildUrl}" title="${title}" rel="noopener noreferrer">${mark}</a>`
    : html`<span title="${title}">${mark}<span class="vh">${title}</span></span>`;
  return html`<td class="run-cell ${run.passed ? 'pass' : 'fail'}${decides ? ' decides' : ''}">${link}</td>`;
}
