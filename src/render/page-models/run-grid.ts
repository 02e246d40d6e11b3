// The scenario page's run grid, TestGrid-like: one row per test case, one column per CI build, oldest to
// newest, one small cell per run. The newest four runs of each test, the ones its points come from, are
// outlined, so a reader sees at a glance why a test has 2 points.
import { compareText, stabilityOf, type Run, type ScenarioVerdict } from '../../core/index.js';
import { html, joinHtml, type Html } from '../html.js';
import { testRunsId } from '../paths.js';
import { buildLinker, flipsText, pointsCell, runCell, type PointsCell } from './cells.js';
import { formatInstant } from './header.js';

export interface GridBuild {
  label: string;
  day: string;
  title: string;
  /** The build's CI page, or null when its tag names none: the column header links it, once for its runs. */
  href: string | null;
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
  const columnOf = new Map(columns.map(({ key }, index) => [key, index]));
  const linkOf = buildLinker(ciBuildUrl);
  return {
    builds: columns.map(({ first }) => {
      const cell = runCell(first, linkOf);
      return {
        label: cell.buildLabel,
        day: cell.date.slice(5, 10),
        title: `${cell.buildTag} · ${cell.date} UTC`,
        href: cell.buildUrl,
      };
    }),
    rows: scenario.tests.map((test) => {
      // Each run in its build's column; of two runs of one build, the later in the list shows.
      const cells = columns.map(() => EMPTY_CELL);
      test.runs.forEach((run, index) => {
        cells[columnOf.get(buildKey(run)) as number] = cellHtml(
          run,
          index >= test.runs.length - DECIDING_RUNS,
        );
      });
      const { flips, stability } = stabilityOf(test.runs);
      return {
        name: test.name,
        id: testRunsId(test.name),
        informative: !test.scored,
        flaky: stability === 'flaky',
        flipsLabel: flipsText(flips),
        cell: pointsCell(test),
        reason: test.reason,
        cellsHtml: joinHtml(cells),
      };
    }),
  };
}

const EMPTY_CELL = html`<td class="none"></td>`;
/** A passed run's cell, with and without the outline of the deciding four: the same markup every time. */
const PASS_CELL = html`<td class="pass">✓<span class="vh"> pass</span></td>`;
const PASS_DECIDES_CELL = html`<td class="pass decides">✓<span class="vh"> pass</span></td>`;

/**
 * One run's cell, written here rather than by the template: 46 runs × 30 test cases a page are the
 * bulk of the site. A cell holds only what its row and column do not say: the row names the test case,
 * the column header the build, its day and its CI link, so a passed run is one of two fixed strings. A
 * failed run also names its time, pod and failure note (a hover title, and words for a screen reader),
 * every value escaped by `html`. `decides`: among the newest four runs of its test case.
 */
function cellHtml(run: Run, decides: boolean): Html {
  if (run.passed) return decides ? PASS_DECIDES_CELL : PASS_CELL;
  const note = run.failureNote ? ` · ${run.failureNote}` : '';
  const detail = `${formatInstant(run.startedAt)} · ${run.pod || 'no pod'}${note}`;
  const words = html`✗<span class="vh"> fail · ${detail}</span>`;
  return html`<td class="fail${decides ? ' decides' : ''}" title="FAIL · ${detail}">${words}</td>`;
}
