import { describe, expect, it } from 'vitest';
import { scoreTestCase } from '../../src/core/index.js';
import type { Points, Run, ScoringRule } from '../../src/core/index.js';
import { AS_OF, DAY, options, runHistory, testRun } from '../support/builders.js';

interface Row {
  proves: string;
  runs: Run[];
  points: Points;
  reason: string;
  /** How many runs the rule looked at. */
  used: number;
  maxRuns?: number;
  originalLastRuns?: number;
}

const atWindowStart = (passed: boolean) => testRun({ startedAt: AS_OF - 10 * DAY, passed });
const atAsOf = (passed: boolean) => testRun({ startedAt: AS_OF, passed });
const afterAsOf = (passed: boolean) => testRun({ startedAt: AS_OF + 1, passed });

function check(rule: ScoringRule, row: Row): void {
  const { maxRuns = 10, originalLastRuns = 4 } = row;
  const result = scoreTestCase(row.runs, options({ rule, maxRuns, originalLastRuns }));
  expect({ points: result.points, reason: result.reason }).toEqual({
    points: row.points,
    reason: row.reason,
  });
  expect(result.runs).toHaveLength(row.used);
  expect(result.runs.map((used) => used.startedAt)).toEqual(
    [...result.runs.map((used) => used.startedAt)].sort((a, b) => a - b),
  );
}

describe('documented rule', () => {
  const rows: Row[] = [
    { proves: 'no run → 0', runs: [], points: 0, reason: 'no run in the period → 0 points', used: 0 },
    {
      proves: 'one failed run → 0',
      runs: runHistory('F'),
      points: 0,
      reason: 'the only run failed → 0 points',
      used: 1,
    },
    {
      proves: 'all fail → 0',
      runs: runHistory('FFFF'),
      points: 0,
      reason: 'none of the 4 runs passed → 0 points',
      used: 4,
    },
    {
      proves: 'one pass of one run → 1',
      runs: runHistory('P'),
      points: 1,
      reason: '1 of 1 run passed → 1 point',
      used: 1,
    },
    {
      proves: '3 runs all pass → 2 (fewer than 4)',
      runs: runHistory('PPP'),
      points: 2,
      reason: 'all 3 runs passed, fewer than 4 → 2 points',
      used: 3,
    },
    {
      proves: '4 runs all pass → 3',
      runs: runHistory('PPPP'),
      points: 3,
      reason: 'the last 4 runs passed → 3 points',
      used: 4,
    },
    {
      proves: 'an older failure does not matter → 3',
      runs: runHistory('FFPPPP'),
      points: 3,
      reason: 'the last 4 runs passed → 3 points',
      used: 6,
    },
    {
      proves: 'newest 4 = P,P,P,F → 2',
      runs: runHistory('PPPF'),
      points: 2,
      reason: '3 of the last 4 runs passed → 2 points',
      used: 4,
    },
    {
      proves: 'newest 4 = F,P,P,P → 2',
      runs: runHistory('FPPP'),
      points: 2,
      reason: '3 of the last 4 runs passed → 2 points',
      used: 4,
    },
    {
      proves: 'P,F,P,F → 1',
      runs: runHistory('PFPF'),
      points: 1,
      reason: '2 of 4 runs passed → 1 point',
      used: 4,
    },
    {
      proves: '2 of 3 runs → 1',
      runs: runHistory('PFP'),
      points: 1,
      reason: '2 of 3 runs passed → 1 point',
      used: 3,
    },
    {
      proves: 'passes only before the newest 4 → 1',
      runs: runHistory('PPFFFF'),
      points: 1,
      reason: '0 of the last 4 runs passed (2 of 6 in the period) → 1 point',
      used: 6,
    },
    {
      proves: 'a run exactly at asOf − period is out',
      runs: [atWindowStart(true), ...runHistory('PPP')],
      points: 2,
      reason: 'all 3 runs passed, fewer than 4 → 2 points',
      used: 3,
    },
    {
      proves: 'a run exactly at asOf is in',
      runs: [...runHistory('PPP'), atAsOf(true)],
      points: 3,
      reason: 'the last 4 runs passed → 3 points',
      used: 4,
    },
    {
      proves: 'runs after asOf are ignored',
      runs: [...runHistory('PPPP'), afterAsOf(false)],
      points: 3,
      reason: 'the last 4 runs passed → 3 points',
      used: 4,
    },
    {
      proves: 'only the newest maxRuns count',
      runs: runHistory('PFFFFF'),
      maxRuns: 5,
      points: 0,
      reason: 'none of the 5 runs passed → 0 points',
      used: 5,
    },
  ];
  it.each(rows)('$proves', (row) => check('documented', row));

  it('returns the newest runs, oldest first, whatever the input order', () => {
    const runs = runHistory('PFPPFPPPPPPF');
    const result = scoreTestCase([...runs].reverse(), options({ maxRuns: 10 }));
    expect(result.runs).toEqual(runs.slice(2));
  });
});

describe('legacy-2016 rule', () => {
  const rows: Row[] = [
    {
      proves: 'no run → 0',
      runs: [],
      points: 0,
      reason: 'no run in the period → 0 points (legacy-2016)',
      used: 0,
    },
    {
      proves: 'all fail → 0',
      runs: runHistory('FFFF'),
      points: 0,
      reason: 'none of the last 4 runs passed → 0 points (legacy-2016)',
      used: 4,
    },
    {
      proves: 'exactly one pass → 1',
      runs: runHistory('FFPF'),
      points: 1,
      reason: '1 of the last 4 runs passed → 1 point (legacy-2016)',
      used: 4,
    },
    {
      proves: 'one run that passed → 1',
      runs: runHistory('P'),
      points: 1,
      reason: 'the only run passed → 1 point (legacy-2016)',
      used: 1,
    },
    {
      proves: '3 runs all pass → 2',
      runs: runHistory('PPP'),
      points: 2,
      reason: '3 of the last 3 runs passed → 2 points (legacy-2016)',
      used: 3,
    },
    {
      proves: '4 runs all pass → 3',
      runs: runHistory('PPPP'),
      points: 3,
      reason: 'the last 4 runs passed → 3 points (legacy-2016)',
      used: 4,
    },
    {
      proves: 'P,P,P,F → 2',
      runs: runHistory('PPPF'),
      points: 2,
      reason: '3 of the last 4 runs passed → 2 points (legacy-2016)',
      used: 4,
    },
    {
      proves: 'P,F,P,F → 2 (two passes are enough)',
      runs: runHistory('PFPF'),
      points: 2,
      reason: '2 of the last 4 runs passed → 2 points (legacy-2016)',
      used: 4,
    },
    {
      proves: 'passes only before the newest 4 → 0',
      runs: runHistory('PPFFFF'),
      points: 0,
      reason: 'none of the last 4 runs passed → 0 points (legacy-2016)',
      used: 4,
    },
    {
      proves: 'with 5 last runs, an older failure does not stop 3',
      runs: runHistory('FPPPP'),
      originalLastRuns: 5,
      points: 3,
      reason: 'the last 4 runs passed → 3 points (legacy-2016)',
      used: 5,
    },
    {
      proves: 'with 5 last runs, a newest failure gives 2',
      runs: runHistory('PPPPPF'),
      originalLastRuns: 5,
      points: 2,
      reason: '4 of the last 5 runs passed → 2 points (legacy-2016)',
      used: 5,
    },
    {
      proves: 'a run exactly at asOf − period is out',
      runs: [atWindowStart(true), ...runHistory('PPP')],
      points: 2,
      reason: '3 of the last 3 runs passed → 2 points (legacy-2016)',
      used: 3,
    },
    {
      proves: 'a run exactly at asOf is in',
      runs: [...runHistory('PPP'), atAsOf(true)],
      points: 3,
      reason: 'the last 4 runs passed → 3 points (legacy-2016)',
      used: 4,
    },
    {
      proves: 'runs after asOf are ignored',
      runs: [...runHistory('PPPP'), afterAsOf(false)],
      points: 3,
      reason: 'the last 4 runs passed → 3 points (legacy-2016)',
      used: 4,
    },
    {
      proves: 'maxRuns bounds the runs it looks at',
      runs: runHistory('PPPP'),
      maxRuns: 3,
      points: 2,
      reason: '3 of the last 3 runs passed → 2 points (legacy-2016)',
      used: 3,
    },
  ];
  it.each(rows)('$proves', (row) => check('legacy-2016', row));
});
