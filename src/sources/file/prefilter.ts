// The file source's pre-filter: drops documents certainly outside the query, before JSON.parse when the
// text already tells. Never drops a wanted or malformed document: everything doubtful goes on to the
// normaliser, which counts and rejects it, so the file source reports what the other sources report.
import { parseResultDate } from '../../core/result-date.js';
import type { LeftOut, ResultsQuery } from '../types.js';
// Below 0x80 a UTF-16 code unit of the decoded text equals the UTF-8 byte: the same names serve both.
import { CLOSE_BRACE, DIGIT_0, DIGIT_9, MINUS, OPEN_BRACE, QUOTE, SPACE } from './bytes.js';

/** Dates written without a zone are read in the configured zone later; never drop one that zone could bring in. */
const ZONE_SLACK_MS = 26 * 3_600_000;

/** The widened window: a superset of the query's whatever the data's time zone. */
export function slackWindow(query: ResultsQuery): { from: number; to: number } {
  return { from: query.from - ZONE_SLACK_MS, to: query.to + ZONE_SLACK_MS };
}

export const outside = (startedAt: number, window: { from: number; to: number }): boolean =>
  startedAt <= window.from || startedAt > window.to;

/** A cheap superset of the query on a parsed document: why it is certainly not wanted, or null. */
export function queryFilter(query: ResultsQuery): (document: unknown) => keyof LeftOut | null {
  const versions = query.versions.length > 0 ? new Set(query.versions) : null;
  const installers = query.installers.length > 0 ? new Set(query.installers) : null;
  const projects = query.projects.length > 0 ? new Set(query.projects) : null;
  const window = slackWindow(query);
  return (document) => {
    if (document === null || typeof document !== 'object') return null;
    const fields = document as Record<string, unknown>;
    if (versions && typeof fields.version === 'string' && !versions.has(fields.version)) return 'notAskedFor';
    if (installers && typeof fields.installer === 'string' && !installers.has(fields.installer))
      return 'notAskedFor';
    // A blank project_name is no project: the core matches such a document by its case name.
    const project = fields.project_name;
    if (projects && typeof project === 'string' && project.trim() !== '' && !projects.has(project))
      return 'notInCriteria';
    const startedAt = parseResultDate(fields.start_date, 'UTC');
    return startedAt === null || !outside(startedAt, window) ? null : 'outsideWindow';
  };
}

const START_DATE_KEY = '"start_date":';
const VERSION_KEY = '"version":';
const INSTALLER_KEY = '"installer":';
/** mongoexport's extended JSON for a date: `{"$date":"2016-07-13T06:00:00Z"}` or `{"$date":1468389600000}`. */
const DATE_WRAPPER = '{"$date":';
/** mongoexport writes `_id` first, as `{"$oid":"…"}`: the one object allowed before a top-level key. */
const OID_PREFIX = '{"_id":{"$oid":"';

/**
 * Decides on the raw text whether a document is certainly unwanted, and why (null: parse it): its
 * `"start_date":` is a plain date clearly outside the window, or its `"version":` or `"installer":` is
 * one the query does not ask for (a partial run asks for some installers). Only a key that is at the top
 * level and appears once counts (inside a string its quotes would be escaped; JSON.parse keeps the last
 * of repeated keys); anything unusual (escapes, other types, a nested key) is left to JSON.parse and
 * the normaliser.
 */
export function textPrefilter(query: ResultsQuery): (text: string) => keyof LeftOut | null {
  const versions = query.versions.length > 0 ? new Set(query.versions) : null;
  const installers = query.installers.length > 0 ? new Set(query.installers) : null;
  const window = slackWindow(query);
  /** Whether the line's top-level `key` is a plain string `names` does not hold. */
  const notAskedFor = (text: string, key: string, names: ReadonlySet<string>) => {
    const at = topLevelKey(text, key);
    const name = at < 0 ? null : stringAt(text, at);
    // The repeat check scans the rest of the line, so it is made only for a line about to be skipped.
    return name !== null && !names.has(name) && !repeated(text, key, at);
  };
  return (text) => {
    if (versions && notAskedFor(text, VERSION_KEY, versions)) return 'notAskedFor';
    if (installers && notAskedFor(text, INSTALLER_KEY, installers)) return 'notAskedFor';
    const at = topLevelKey(text, START_DATE_KEY);
    if (at < 0) return null;
    const value = dateValueAt(text, at);
    if (value === null) return null;
    const startedAt = parseResultDate(value, 'UTC');
    const skipped = startedAt !== null && outside(startedAt, window) && !repeated(text, START_DATE_KEY, at);
    return skipped ? 'outsideWindow' : null;
  };
}

/** A plain string date, or mongoexport's `{"$date":…}` with a string or an integer, at `at`; else null. */
function dateValueAt(text: string, at: number): unknown {
  const plain = stringAt(text, at);
  if (plain !== null || !text.startsWith(DATE_WRAPPER, at)) return plain;
  const inner = at + DATE_WRAPPER.length;
  return { $date: text.charCodeAt(inner) === QUOTE ? stringAt(text, inner) : numberAt(text, inner) };
}

/** Index just after the key's first occurrence (skipping spaces) when it is a top-level key, or -1. */
function topLevelKey(text: string, key: string): number {
  const first = text.indexOf(key);
  if (first < 0 || !topLevel(text, first)) return -1;
  let at = first + key.length;
  while (text.charCodeAt(at) === SPACE) at++;
  return at;
}

/**
 * JSON.parse keeps the last of repeated keys, and reads `"start\u005fdate"` as `"start_date"`: a key
 * that comes again later, or a line with any `\u` escape (which may spell the key anywhere), is not
 * judged on the value found.
 */
function repeated(text: string, key: string, after: number): boolean {
  return text.indexOf(key, after) >= 0 || text.includes('\\u');
}

/**
 * Whether position `at` is a key of the outermost object: nothing nested opens before it, apart from
 * mongoexport's leading `"_id":{"$oid":"…"}`. A brace inside a string before it only makes the answer
 * "no", which leaves the document to JSON.parse: never a wrong skip.
 */
function topLevel(text: string, at: number): boolean {
  if (text.charCodeAt(0) !== OPEN_BRACE) return false;
  let from = 1;
  if (text.startsWith(OID_PREFIX)) {
    const end = text.indexOf('"}', OID_PREFIX.length);
    if (end < 0 || end > at) return false;
    from = end + 2;
  }
  const brace = text.indexOf('{', from);
  const bracket = text.indexOf('[', from);
  return (brace < 0 || brace > at) && (bracket < 0 || bracket > at);
}

/** A JSON string without escapes starting at `at`, or null. */
function stringAt(text: string, at: number): string | null {
  if (text.charCodeAt(at) !== QUOTE) return null;
  const end = text.indexOf('"', at + 1);
  if (end < 0) return null;
  const value = text.slice(at + 1, end);
  return value.includes('\\') ? null : value;
}

/** An integer (optionally negative) that closes its `{"$date":…}` at `at`, or null (fractions, exponents). */
function numberAt(text: string, at: number): number | null {
  let end = text.charCodeAt(at) === MINUS ? at + 1 : at;
  const digits = end;
  while (text.charCodeAt(end) >= DIGIT_0 && text.charCodeAt(end) <= DIGIT_9) end++;
  return end > digits && text.charCodeAt(end) === CLOSE_BRACE ? Number(text.slice(at, end)) : null;
}
