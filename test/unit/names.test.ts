// Names from CI data are data: every Object.prototype member, and `__proto__`, behave like `fuel`.
import { describe, expect, it } from 'vitest';
import {
  annotateVerdict,
  buildVerdict,
  computeChanges,
  emptyState,
  evaluateCriteria,
  isPrintable,
  parseCriteriaExpression,
  printable,
  recordVerdict,
  type ReportState,
  type Verdict,
} from '../../src/core/index.js';
import { parseState, serialiseState } from '../../src/state/index.js';
import { AS_OF, DAY, definition, options, testRun } from '../support/builders.js';

const PROTOTYPE_NAMES = [
  '__proto__',
  ...Object.getOwnPropertyNames(Object.prototype).filter((name) => name !== '__proto__'),
];

const criteria = { testCases: [definition({ name: 'healthcheck' }), definition({ name: '__proto__' })] };

/** Four passing runs of both test cases for every (version, installer, scenario) named. */
function runsFor(names: string[], asOf: number, passed = true) {
  return names
    .flatMap((name) =>
      [1, 2, 3, 4].flatMap((hoursAgo) =>
        ['healthcheck', '__proto__'].map((testCase) =>
          testRun({ version: name, installer: name, scenario: name, testCase, hoursAgo, passed }),
        ),
      ),
    )
    .map((entry) => ({ ...entry, startedAt: asOf - (AS_OF - entry.startedAt) }));
}

function dayVerdict(names: string[], asOf: number, passed = true): Verdict {
  return buildVerdict(runsFor(names, asOf, passed), criteria, { ...options(), asOf });
}

const roundTrip = (state: ReportState) => parseState('state.json', serialiseState(state));

describe('names that are Object.prototype members', () => {
  it('are recorded, reloaded and compared like any other name', () => {
    const names = ['fuel', ...PROTOTYPE_NAMES];
    const day1 = recordVerdict(emptyState(), dayVerdict(names, AS_OF), {
      day: '2016-07-14',
      retentionDays: 90,
      lastRun: null,
    });
    const reloaded = roundTrip(day1);
    const day2Verdict = dayVerdict(names, AS_OF + DAY, false);
    const day2 = roundTrip(
      recordVerdict(reloaded, day2Verdict, { day: '2016-07-15', retentionDays: 90, lastRun: null }),
    );

    expect(Object.getPrototypeOf(Object.prototype)).toBeNull();
    expect(({} as Record<string, unknown>).beforeWrite).toBeUndefined();
    for (const name of names) {
      const days = Object.getOwnPropertyDescriptor(
        Object.getOwnPropertyDescriptor(Object.getOwnPropertyDescriptor(day2.history, name)?.value, name)
          ?.value,
        name,
      )?.value as Record<string, { status: string; tests: Record<string, number> }>;
      expect(Object.keys(days), name).toEqual(['2016-07-14', '2016-07-15']);
      expect(days['2016-07-14']?.status, name).toBe('OK');
      expect(Object.keys(days['2016-07-14']?.tests ?? {}), name).toEqual(['__proto__', 'healthcheck']);
      const record = Object.getOwnPropertyDescriptor(day2.validated, name)?.value;
      expect(Object.keys(record ?? {}), name).toEqual([name]);
    }

    const changes = computeChanges(day2.history, { versions: names, upToDay: '2016-07-15', days: 10 });
    for (const { version, days } of changes) {
      const kinds = days.flatMap((day) => day.changes.map((change) => `${change.scenario}:${change.kind}`));
      expect(kinds, version).toContain(`${version}:lost-validation`);
      expect(kinds, version).not.toContain(`${version}:validated`);
    }

    const annotated = annotateVerdict(day2Verdict, day2, { day: '2016-07-15', trendDays: 10 });
    for (const version of annotated.versions) {
      const scenario = version.installers[0]?.scenarios[0];
      expect(scenario?.trend, version.version).toEqual([100, expect.any(Number)]);
      expect(scenario?.status, version.version).toBe('KO');
    }
  });

  it('load from a state file whose keys are __proto__ without losing or polluting anything', () => {
    // Written as text: in an object literal `__proto__:` would set a prototype, not add a key.
    const text = `{
      "schemaVersion": 2, "lastRun": null, "validated": {},
      "archive": { "__proto__": { "constructor": { "__proto__": ${JSON.stringify(validatedDays(3))} } } },
      "history": { "__proto__": { "toString": { "hasOwnProperty": { "2016-07-14": ${JSON.stringify(day())} } } } }
    }`;
    const raw = JSON.parse(text) as { archive: object };
    expect(Object.keys(raw.archive)).toEqual(['__proto__']);

    const state = parseState('state.json', text);
    expect(Object.keys(state.archive)).toEqual(['__proto__']);
    expect(Object.keys(state.history)).toEqual(['__proto__']);
    expect(JSON.parse(serialiseState(state))).toEqual(JSON.parse(serialiseState(roundTrip(state))));
    expect(serialiseState(state)).toContain('"__proto__": {\n      "constructor"');
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});

describe('names shown at a terminal', () => {
  it.each([
    ['a newline', 'os\nfuel', 'os\\u000afuel'],
    ['ESC', 'ha\u001b[2J', 'ha\\u001b[2J'],
    ['a right-to-left override', 'ha\u202eon', 'ha\\u202eon'],
    ['a lone surrogate', 'x\ud800', 'x\\ud800'],
  ])('escape %s and are not printable as they are', (_what, name, shown) => {
    expect(isPrintable(name)).toBe(false);
    expect(printable(name)).toBe(shown);
  });

  it('keep names that are only unusual as they are', () => {
    for (const name of ['fuel 🚀', '__proto__', 'os-nosdn/ha', 'é']) {
      expect(isPrintable(name)).toBe(true);
      expect(printable(name)).toBe(name);
    }
  });
});

describe('criteria paths', () => {
  it('read own properties only: details.constructor is missing unless the document has it', () => {
    const expression = parseCriteriaExpression('details.constructor == "x"');
    expect(evaluateCriteria(expression, { details: {} })).toEqual({
      passed: false,
      note: 'missing details.constructor',
    });
    expect(evaluateCriteria(expression, { details: { constructor: 'x' } })).toEqual({ passed: true });
  });
});

function validatedDays(days: number) {
  return { firstValidated: '2016-07-01', lastValidated: '2016-07-03', validatedDays: days };
}

function day() {
  return { score: 3, max: 3, percent: 100, status: 'OK', runs: 4, stale: false, missing: [], tests: {} };
}
