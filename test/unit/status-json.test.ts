// status.json's run lines are written by hand for speed: each must be the text JSON.stringify writes for
// the run's entry, whatever the names hold. And a status.json read back (a partial run, a backfill) must
// be written again with the bytes it was read from.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStatusJson, statusJsonPieces, type StatusJson } from '../../src/app/status-json.js';
import { asWritten } from '../../src/app/status-read-back.js';
import { DEFAULT_CONFIG } from '../../src/config/index.js';
import { buildUrls, type Run } from '../../src/core/index.js';
import {
  installer,
  scenario,
  statusJsonInput,
  testCase,
  testRun,
  verdict,
  version,
} from '../support/builders.js';

const text = (status: StatusJson) => [...statusJsonPieces(status)].join('');

function statusOf(runs: Run[]): StatusJson {
  const shown = verdict([
    version('master', [installer('fuel', [scenario({ tests: [testCase({ runs })] })])]),
  ]);
  return buildStatusJson(statusJsonInput(shown, runs));
}

/** Names as CI jobs may spell them: quotes, backslashes, control characters, lone surrogates. */
const name = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('jenkins-functest-fuel-baremetal-daily-master-12', 'a"b\\c', '\u2028', '\ud800', ''),
);
const run = fc.record({
  buildTag: name,
  pod: name,
  // Whole and fractional seconds, and the extremes a Date holds.
  startedAt: fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.integer({ min: 0, max: 2e12 })),
  passed: fc.boolean(),
  failureNote: fc.option(name, { nil: undefined }),
});

describe('status.json', () => {
  it("writes each run's line as JSON.stringify writes its entry", () => {
    const urlOf = buildUrls(DEFAULT_CONFIG.ciBuildUrl);
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 6 }), (fields) => {
        const runs = fields.map(({ failureNote, ...rest }) =>
          testRun({ ...rest, ...(failureNote === undefined ? {} : { failureNote }) }),
        );
        const lines = text(statusOf(runs))
          .split('\n')
          .filter((line) => line.trimStart().startsWith('{"date":'))
          .map((line) => line.trim().replace(/,$/, ''));
        expect(lines).toEqual(
          runs.map((entry) =>
            JSON.stringify({
              date: new Date(entry.startedAt).toISOString().replace('.000Z', 'Z'),
              passed: entry.passed,
              buildTag: entry.buildTag,
              buildUrl: urlOf(entry.buildTag),
              pod: entry.pod,
              ...(entry.failureNote === undefined ? {} : { note: entry.failureNote }),
            }),
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('read back, is written again byte for byte', () => {
    fc.assert(
      fc.property(fc.array(run, { maxLength: 4 }), (fields) => {
        const written = text(statusOf(fields.map((entry) => testRun(entry))));
        expect(text(asWritten(JSON.parse(written) as StatusJson))).toBe(written);
      }),
      { numRuns: 100 },
    );
  });

  it('leaves what this job does not write as it was read', () => {
    const odd = {
      versions: [1, { installers: 'none' }, { installers: [{ scenarios: [{ tests: [{ runs: 3 }] }] }] }],
    };
    expect(asWritten(odd as unknown as StatusJson)).toEqual(odd);
  });
});
