// Feedback reports (the 2016 job's Tempest and vIMS pages): per run of one test case, values read from
// its details or derived from them, checks against thresholds and the failed items. Declared in YAML
// (criteria/feedback/*.yaml); this file only reads documents, so both data shapes of the real database
// are a matter of listing more than one path.
import { parseResultDate } from './result-date.js';
import type { Run } from './model.js';

export type FeedbackFormat = 'number' | 'percent' | 'duration';
export type FeedbackOperator = '>=' | '>' | '<=' | '<' | '==' | '!=';

/** One value shown per run: the first of `from` that holds a number, a rate of two values, or a count. */
export type FeedbackValueSpec = { name: string; label: string; format: FeedbackFormat } & (
  | { from: string[] }
  | { rate: { total: string; failed: string } }
  | { count: { list: string; field: string; equals: string } }
);

export interface FeedbackCondition {
  value: string;
  op: FeedbackOperator;
  /** A number, or the name of another value of the run. */
  threshold: number | string;
}

export interface FeedbackCheckSpec extends FeedbackCondition {
  label: string;
  /** Must hold too (vIMS: sig_test failed when failures outnumber passes). */
  and?: FeedbackCondition;
}

export interface FeedbackReport {
  /** File-name-safe id: the page is <version>/feedback/<id>/<installer>.html. */
  id: string;
  title: string;
  project: string;
  testCase: string;
  /** Newest runs shown per scenario. */
  runs: number;
  values: FeedbackValueSpec[];
  checks: FeedbackCheckSpec[];
  /** Show the share of checks that passed (vIMS: the share of steps that succeeded). */
  share: boolean;
  /** Where the failed items are: the first path holding a list (or text); `where` keeps matching objects. */
  failed: { from: string[]; where?: { field: string; equals: string }; show?: string } | null;
}

export interface FeedbackValue {
  name: string;
  label: string;
  format: FeedbackFormat;
  /** null: the details do not hold it. */
  value: number | null;
}

export interface FeedbackCheck {
  label: string;
  /** "≥ 165", "< 1800", "> 0 and failures ≤ passed". */
  threshold: string;
  /** null: a value it needs could not be read. */
  passed: boolean | null;
}

export interface FeedbackRun {
  run: Run;
  /** Why the details could not be read at all, or null. */
  unreadable: string | null;
  values: FeedbackValue[];
  checks: FeedbackCheck[];
  /** The first FAILED_SHOWN failed items, in the document's order. */
  failed: string[];
  /** How many failed items the details list, shown or not. */
  failedCount: number;
  /** Percent of the checks that passed, when the report shows it and the details could be read. */
  share: number | null;
}

/**
 * Failed items kept per run: enough for anyone reading a page, and a bound on what a document sends to
 * the pages and status.json (a run listing 50,000 names would otherwise weigh 50 MB on every page).
 */
export const FAILED_SHOWN = 100;

const ELAPSED = '$elapsed';
const SYMBOL: Record<FeedbackOperator, string> = {
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
  '==': '=',
  '!=': '≠',
};

/** Every path of the document a report reads (for a source's projection). */
export function feedbackPaths(report: FeedbackReport): string[] {
  const paths = report.values.flatMap((value) =>
    'from' in value
      ? value.from.map((path) => (path === ELAPSED ? 'stop_date' : path))
      : 'count' in value
        ? [value.count.list]
        : [],
  );
  return [...paths, ...(report.failed?.from ?? [])];
}

function at(document: unknown, path: string): unknown {
  let value = document;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function numberAt(document: unknown, path: string, run: Run, dataTimeZone: string): number | null {
  if (path === ELAPSED) {
    const stop = parseResultDate(at(document, 'stop_date'), dataTimeZone);
    // Exact: a check judges the duration itself, not the whole seconds a page shows.
    return stop === null || stop < run.startedAt ? null : (stop - run.startedAt) / 1000;
  }
  const value = at(document, path);
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

function readValue(
  spec: FeedbackValueSpec,
  document: unknown,
  read: (name: string) => number | null,
  run: Run,
  dataTimeZone: string,
): number | null {
  if ('from' in spec) {
    for (const path of spec.from) {
      const value = numberAt(document, path, run, dataTimeZone);
      if (value !== null) return value;
    }
    return null;
  }
  if ('rate' in spec) {
    const total = read(spec.rate.total);
    const failed = read(spec.rate.failed);
    if (total === null || failed === null) return null;
    // As the 2016 job: 0 when no test ran. Exact: 1,799 of 1,999 is not 90 %, whatever a page rounds to.
    return total === 0 ? 0 : (100 * (total - failed)) / total;
  }
  const list = at(document, spec.count.list);
  if (!Array.isArray(list)) return null;
  return list.filter((item) => at(item, spec.count.field) === spec.count.equals).length;
}

function holds(condition: FeedbackCondition, read: (name: string) => number | null): boolean | null {
  const value = read(condition.value);
  const threshold = typeof condition.threshold === 'number' ? condition.threshold : read(condition.threshold);
  if (value === null || threshold === null) return null;
  switch (condition.op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

function describeCondition(
  condition: FeedbackCondition,
  self: boolean,
  valueOf: (name: string) => FeedbackValueSpec | undefined,
): string {
  const unit = { number: '', percent: '%', duration: ' s' }[valueOf(condition.value)?.format ?? 'number'];
  const threshold =
    typeof condition.threshold === 'number'
      ? `${condition.threshold}${unit}`
      : (valueOf(condition.threshold)?.label ?? condition.threshold);
  const subject = self ? '' : `${valueOf(condition.value)?.label ?? condition.value} `;
  return `${subject}${SYMBOL[condition.op]} ${threshold}`;
}

/**
 * A failed item nested deeper than this is not written out: its text would cost a call stack as deep,
 * which differs from thread to thread (a worker thread's is larger), so the same document could fail a
 * run on one and not on another. No page needs that much of an item.
 */
const MAX_ITEM_DEPTH = 32;
const NESTED_TOO_DEEP = '(nested too deeply to show)';

/** Whether arrays or objects nest in the value more than `limit` deep; found without recursion. */
function nestedDeeper(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= limit) return true;
    for (const member of Object.values(next.value)) pending.push({ value: member, depth: next.depth + 1 });
  }
  return false;
}

function failedItems(report: FeedbackReport, document: unknown): string[] {
  if (report.failed === null) return [];
  const { from, where, show } = report.failed;
  // A list of records (where/show) cannot be a text: a text there is a malformed document, not a name.
  const listOfRecords = where !== undefined || show !== undefined;
  for (const path of from) {
    const found = at(document, path);
    if (typeof found === 'string' && !listOfRecords) return found.trim() === '' ? [] : [found.trim()];
    if (!Array.isArray(found)) continue;
    return found
      .filter((item) => where === undefined || at(item, where.field) === where.equals)
      .map((item) => {
        const shown = show === undefined ? item : at(item, show);
        if (shown === undefined || shown === null) return '(no name)';
        if (typeof shown === 'string') return shown;
        return nestedDeeper(shown, MAX_ITEM_DEPTH) ? NESTED_TOO_DEEP : JSON.stringify(shown);
      });
  }
  return [];
}

/** One run of the report's test case: its values, checks and failed items, never a throw. */
export function feedbackRun(
  report: FeedbackReport,
  document: unknown,
  run: Run,
  dataTimeZone: string,
): FeedbackRun {
  const details = at(document, 'details');
  // A database that projects details.<field> drops text details altogether, so text and missing details
  // read the same from every source.
  const unreadable = Array.isArray(details)
    ? 'details is a list, not an object'
    : details === null || typeof details !== 'object'
      ? 'details is missing or not an object'
      : null;
  const known = new Map<string, number | null>();
  const read = (name: string) => known.get(name) ?? null;
  const values = report.values.map((spec) => {
    const value = unreadable === null ? readValue(spec, document, read, run, dataTimeZone) : null;
    known.set(spec.name, value);
    return { name: spec.name, label: spec.label, format: spec.format, value };
  });
  const valueOf = (name: string) => report.values.find((value) => value.name === name);
  const checks = report.checks.map((check) => {
    const first = holds(check, read);
    const second = check.and === undefined ? true : holds(check.and, read);
    const passed =
      first === false || second === false ? false : first === null || second === null ? null : true;
    const threshold = [check, ...(check.and ? [check.and] : [])]
      .map((condition, i) => describeCondition(condition, i === 0, valueOf))
      .join(' and ');
    return { label: check.label, threshold, passed };
  });
  const passedChecks = checks.filter((check) => check.passed === true).length;
  const failed = unreadable === null ? failedItems(report, document) : [];
  return {
    run,
    unreadable,
    values,
    checks,
    failed: failed.slice(0, FAILED_SHOWN),
    failedCount: failed.length,
    share:
      report.share && checks.length > 0 && unreadable === null
        ? Math.round((1000 * passedChecks) / checks.length) / 10
        : null,
  };
}

/** A percentage to one decimal, rounded down: a page never shows 100 % for a run with a failure. */
export function formatPercent(value: number): string {
  // The epsilon keeps a binary fraction just under a tenth (0.29 × 10 = 2.8999…) on its own tenth.
  return `${Math.floor(value * 10 + 1e-9) / 10}%`;
}

/**
 * "Xm Ys" as the 2016 vIMS page showed durations; seconds alone under a minute. Whole seconds rounded
 * down, as a clock shows them: 1,799.6 s is "29m 59s", under the 1,800 s it is checked against.
 */
export function formatDuration(seconds: number): string {
  if (seconds > 0 && seconds < 1) return '<1s';
  const whole = Math.floor(seconds);
  const minutes = Math.floor(whole / 60);
  return minutes === 0 ? `${whole % 60}s` : `${minutes}m ${whole % 60}s`;
}
