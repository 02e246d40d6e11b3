// The scenario page's run grid, TestGrid-like: one row per test case, one column per CI build, oldest to
// newest, one small cell per run. The newest four runs of each test, the ones its points come from, are
// outlined, so a reader sees at a glance why a test has 2 points.
import Handlebars from 'handlebars';
import { compareText, stabilityOf, type Run, type ScenarioVerdict } from '../../core/index.js';
import { testRunsId } from '../paths.js';
import { buildLinker, pointsCell, runCell, type PointsCell } from './cells.js';

export interface GridBuild {
  label: string;
  day: string;
  title: string;
}

export interface GridCell {
  present: boolean;
  className: string;
  symbol: string;
  /** Among the newest four runs of its test case. */
  decides: boolean;
  title: string;
  buildUrl: string | null;
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
  /** The row's run cells, as HTML (cellsHtml). */
  cellsHtml: string;
}

export interface RunGrid {
  builds: GridBuild[];
  rows: GridRow[];
}

/** Runs of one CI build share its tag; a run without a tag is a build of its own. */
const buildKey = (run: Run): string => run.buildTag || `@${run.startedAt}`;

/** The runs the points come from: the newest four (the documented rule's window of decision). */
const DECIDING_RUNS = 4;

const EMPTY: GridCell = {
  present: false,
  className: 'none',
  symbol: '',
  decides: false,
  title: '',
  buildUrl: null,
};

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
        cellsHtml: cellsHtml(
          columns.map(({ key }) => {
            const entry = byBuild.get(key);
            if (entry === undefined) return EMPTY;
            const cell = runCell(entry.run, linkOf);
            return {
              present: true,
              className: cell.className,
              symbol: cell.symbol,
              decides: entry.index >= test.runs.length - DECIDING_RUNS,
              title: `${test.name}: ${cell.label} · ${cell.date} UTC · ${cell.buildTag || 'no build tag'} · ${cell.pod}${cell.note ? ` · ${cell.note}` : ''}`,
              buildUrl: cell.buildUrl,
            };
          }),
        ),
      };
    }),
  };
}

const escape = Handlebars.Utils.escapeExpression;

/**
 * The run cells of a row, written here rather than by the template: 46 runs × 30 test cases a page are
 * the bulk of the site, and a template's helpers per cell cost many times the markup itself. Escaped
 * by Handlebars' own escapeExpression, so the markup is byte for byte what scenario.hbs wrote.
 */
function cellsHtml(cells: GridCell[]): string {
  let html = '';
  for (const cell of cells) {
    if (!cell.present) {
      html += '<td class="run-cell none"></td>';
      continue;
    }
    const title = escape(cell.title);
    const content = `<span aria-hidden="true">${escape(cell.symbol)}</span><span class="vh">${title}</span>`;
    html += `<td class="run-cell ${escape(cell.className)}${cell.decides ? ' decides' : ''}">`;
    html += cell.buildUrl
      ? `<a href="${escape(cell.buildUrl)}" title="${title}" rel="noopener noreferrer">${content}</a>`
      : `<span title="${title}">${content}</span>`;
    html += '</td>';
  }
  return html;
}
