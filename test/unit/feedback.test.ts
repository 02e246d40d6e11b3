// A feedback run's figures from odd documents, with the bundled Tempest and vIMS reports: checks judge
// the exact values, pages show them rounded down, and malformed failed lists never pass for names.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCriteria, loadFeedbackReports } from '../../src/config/index.js';
import {
  FAILED_SHOWN,
  feedbackRun,
  formatDuration,
  formatPercent,
  type FeedbackReport,
} from '../../src/core/index.js';
import { root } from '../support/cli.js';
import { testRun } from '../support/builders.js';

let tempest: FeedbackReport;
let vims: FeedbackReport;

beforeAll(async () => {
  const criteriaDir = join(root, 'criteria');
  const reports = await loadFeedbackReports(criteriaDir, await loadCriteria(criteriaDir));
  const byId = (id: string) => reports.find((report) => report.id === id) as FeedbackReport;
  tempest = byId('tempest');
  vims = byId('vims');
});

const START = Date.UTC(2016, 6, 14, 2, 0, 0);
const tempestRun = (details: unknown, stop?: string) =>
  feedbackRun(
    tempest,
    { details, ...(stop === undefined ? {} : { stop_date: stop }) },
    testRun({ testCase: 'tempest_smoke_serial', startedAt: START }),
    'UTC',
  );
const checks = (entry: ReturnType<typeof tempestRun>) =>
  Object.fromEntries(entry.checks.map((check) => [check.label, check.passed]));
const value = (entry: ReturnType<typeof tempestRun>, name: string) =>
  entry.values.find((v) => v.name === name)?.value;

describe('a Tempest run', () => {
  it('fails "success rate ≥ 90%" at 1,799 of 1,999 passed, which a page shows as 89.9%, not 90%', () => {
    const entry = tempestRun({ tests: 1999, failures: 200, duration: 600 });
    expect(checks(entry)['success rate']).toBe(false);
    expect(formatPercent(value(entry, 'success_rate') as number)).toBe('89.9%');
  });

  it('shows one failure in 2,000 as 99.9%, never 100%', () => {
    const entry = tempestRun({ tests: 2000, failures: 1, duration: 600 });
    expect(formatPercent(value(entry, 'success_rate') as number)).toBe('99.9%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(0.29)).toBe('0.2%');
  });

  it('passes "duration < 1800 s" at 1,799.6 s from stop − start, shown as 29m 59s', () => {
    const entry = tempestRun({ tests: 170, failures: 0 }, '2016-07-14T02:29:59.600Z');
    expect(value(entry, 'duration')).toBeCloseTo(1799.6, 6);
    expect(checks(entry).duration).toBe(true);
    expect(formatDuration(1799.6)).toBe('29m 59s');
    expect(formatDuration(0.4)).toBe('<1s');
    expect(formatDuration(0)).toBe('0s');
  });

  it('shows a failed item nested deeper than any page needs as a phrase, never as a thrown call stack', () => {
    // Deep enough that JSON.stringify would overflow the stack of any thread.
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    const entry = tempestRun({ tests: 3, failures: 2, errors: [deep, [[['shallow']]]], duration: 60 });
    expect(entry.failed).toEqual(['(nested too deeply to show)', '[[["shallow"]]]']);
    expect(entry.failedCount).toBe(2);
  });

  it(`names at most ${FAILED_SHOWN} failed tests, and counts them all`, () => {
    const errors = Array.from({ length: 50_000 }, (_, i) => `tempest.api.test_${i}`);
    const entry = tempestRun({ tests: 50_000, failures: 50_000, errors, duration: 60 });
    expect(entry.failed).toEqual(errors.slice(0, FAILED_SHOWN));
    expect(entry.failedCount).toBe(50_000);
  });
});

describe('a vIMS run', () => {
  const vimsRun = (details: unknown) =>
    feedbackRun(vims, { details }, testRun({ testCase: 'vims', startedAt: START }), 'UTC');

  it('takes a signaling result that is no list for no failed test, and a nameless failure as "(no name)"', () => {
    const steps = { initialisation: { duration: 1 }, orchestrator: { duration: 1 }, vIMS: { duration: 1 } };
    expect(vimsRun({ ...steps, sig_test: { duration: 1, result: 'notalist' } }).failed).toEqual([]);
    const nameless = vimsRun({ ...steps, sig_test: { duration: 1, result: [{ result: 'Failed' }] } });
    expect(nameless.failed).toEqual(['(no name)']);
  });

  it('has no share of succeeded steps when its details cannot be read', () => {
    const entry = vimsRun('vIMS crashed');
    expect(entry.unreadable).not.toBeNull();
    expect(entry.share).toBeNull();
    expect(vimsRun({ initialisation: { duration: 1 } }).share).toBe(25);
  });
});
