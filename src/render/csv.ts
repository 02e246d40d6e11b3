// CSV export of the daily score history (RFC 4180), safe to open in a spreadsheet: a cell that a
// spreadsheet would read as a formula (= + - @, and the tab/CR variants) gets a leading apostrophe.
import type { ScenarioDay } from '../core/index.js';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** date,scenario,score,max,percent,status — one line per scenario and day, by date then scenario; CRLF line ends. */
export function historyCsv(history: Record<string, Record<string, ScenarioDay>>): string {
  const lines: Array<[string, string, ScenarioDay]> = [];
  for (const [scenario, days] of Object.entries(history)) {
    for (const [date, day] of Object.entries(days)) lines.push([date, scenario, day]);
  }
  lines.sort(([d1, s1], [d2, s2]) => (d1 === d2 ? compare(s1, s2) : compare(d1, d2)));
  const rows = [['date', 'scenario', 'score', 'max', 'percent', 'status'].join(',')];
  for (const [date, scenario, day] of lines) {
    rows.push([date, scenario, day.score, day.max, day.percent, day.status].map(csvCell).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
