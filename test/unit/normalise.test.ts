import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  normaliseCriteriaWord,
  normaliseDocument,
  parseResultDate,
  unreadableItem,
} from '../../src/core/index.js';
import type { NormaliseContext, TestCaseDefinition } from '../../src/core/index.js';
import { definition } from '../support/builders.js';

const INSTANT = Date.UTC(2016, 6, 7, 9, 53, 48);

describe('parseResultDate reads every date format of the data', () => {
  const cases: [string, unknown, number][] = [
    ['space separated', '2016-07-07 09:53:48', INSTANT],
    ['space separated with millis', '2016-07-07 09:53:48.123', INSTANT + 123],
    ['microseconds are truncated to millis', '2016-07-07 09:53:48.123987', INSTANT + 123],
    ['short fraction', '2016-07-07T09:53:48.5', INSTANT + 500],
    ['ISO without zone', '2016-07-07T09:53:48', INSTANT],
    ['ISO Z', '2016-07-07T09:53:48Z', INSTANT],
    ['ISO Z with fraction', '2016-07-07T09:53:48.123Z', INSTANT + 123],
    ['ISO positive offset', '2016-07-07T11:53:48+02:00', INSTANT],
    ['ISO negative offset without colon', '2016-07-07T04:53:48-0500', INSTANT],
    ['ISO hour-only offset', '2016-07-07T10:53:48+01', INSTANT],
    ['ISO without seconds', '2016-07-07T09:53Z', INSTANT - 48_000],
    ['date only', '2016-07-07', Date.UTC(2016, 6, 7)],
    ['surrounding spaces', ' 2016-07-07 09:53:48 ', INSTANT],
    ['leap day', '2016-02-29 00:00:00', Date.UTC(2016, 1, 29)],
    ['extended JSON string', { $date: '2016-07-07T09:53:48.000Z' }, INSTANT],
    ['extended JSON number', { $date: INSTANT }, INSTANT],
    ['extended JSON numberLong', { $date: { $numberLong: String(INSTANT) } }, INSTANT],
    ['driver Date', new Date(INSTANT), INSTANT],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(parseResultDate(value, 'UTC')).toBe(expected);
  });
});

describe('parseResultDate refuses what is not a date', () => {
  const cases: [string, unknown][] = [
    ['free text', 'yesterday'],
    ['month 13', '2016-13-01 00:00:00'],
    ['30 February', '2016-02-30 00:00:00'],
    ['29 February of a common year', '2015-02-29 00:00:00'],
    ['hour 24', '2016-07-07 24:00:00'],
    ['slashes', '2016/07/07 09:53:48'],
    ['empty fraction', '2016-07-07 09:53:48.'],
    ['garbage after the time', '2016-07-07 09:53:48 CEST'],
    ['bad offset', '2016-07-07T09:53:48+2:00'],
    ['invalid Date', new Date(Number.NaN)],
    ['bare number (seconds or millis? ambiguous)', 1467885228],
    ['extended JSON garbage', { $date: 'soon' }],
    ['numberLong garbage', { $date: { $numberLong: '12x' } }],
    ['null', null],
    ['object without $date', { date: INSTANT }],
  ];
  it.each(cases)('%s', (_name, value) => {
    expect(parseResultDate(value, 'UTC')).toBeNull();
  });
});

describe('parseResultDate reads zone-less dates in dataTimeZone', () => {
  const cases: [string, string, string, number][] = [
    ['summer time in Paris', '2016-07-07 11:53:48', 'Europe/Paris', INSTANT],
    ['winter time in Paris', '2016-01-07 10:53:48', 'Europe/Paris', Date.UTC(2016, 0, 7, 9, 53, 48)],
    ['New York summer', '2016-07-07 05:53:48.250', 'America/New_York', INSTANT + 250],
    ['day after a DST change', '2016-03-28 02:30:00', 'Europe/Paris', Date.UTC(2016, 2, 28, 0, 30)],
    ['a written zone wins over dataTimeZone', '2016-07-07T09:53:48Z', 'Asia/Tokyo', INSTANT],
  ];
  it.each(cases)('%s', (_name, text, zone, expected) => {
    expect(parseResultDate(text, zone)).toBe(expected);
  });

  it('an unknown zone is a configuration error, not a rejected document', () => {
    expect(() => parseResultDate('2016-07-07 09:53:48', 'Mars/Olympus')).toThrow(ConfigError);
  });
});

describe('normaliseCriteriaWord', () => {
  it.each([
    ['PASS', 'PASS'],
    ['passed', 'PASS'],
    ['Ok', 'PASS'],
    ['SUCCESS', 'PASS'],
    ['FAIL', 'FAIL'],
    ['failed', 'FAIL'],
    ['ko', 'FAIL'],
    ['Error', 'FAIL'],
    ['SKIPPED', null],
    ['', null],
    [1, null],
    [undefined, null],
  ])('%s → %s', (word, expected) => {
    expect(normaliseCriteriaWord(word)).toBe(expected);
  });
});

const healthcheck = definition();
const promise = definition({ name: 'promise', project: 'promise', criteria: 'success_rate == 100%' });

function context(dataTimeZone = 'UTC'): NormaliseContext {
  const byName = new Map<string, TestCaseDefinition>([
    ['healthcheck', healthcheck],
    ['promise', promise],
  ]);
  return { dataTimeZone, maxNameLength: 64, testCase: (_project, caseName) => byName.get(caseName) };
}

function doc(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    project_name: 'functest',
    case_name: 'healthcheck',
    installer: 'fuel',
    version: 'master',
    scenario: 'os-nosdn-nofeature-ha',
    pod_name: 'lf-pod2',
    build_tag: 'jenkins-functest-fuel-baremetal-daily-master-324',
    criteria: 'PASS',
    start_date: '2016-07-07 09:53:48',
    details: {},
    ...fields,
  };
}

describe('normaliseDocument rejects malformed documents with the reason', () => {
  const cases: [string, unknown, string][] = [
    ['null', null, 'not an object'],
    ['a string', 'PASS', 'not an object'],
    ['an array', [doc()], 'not an object'],
    ['text a source could not parse as JSON', unreadableItem('invalid JSON'), 'invalid JSON'],
    ['a document a source refused to hold', unreadableItem('document too large'), 'document too large'],
    ['a document a database rejected itself', unreadableItem('bad start_date', true), 'bad start_date'],
    ['no installer', doc({ installer: undefined }), 'no installer'],
    ['empty installer', doc({ installer: '  ' }), 'no installer'],
    ['installer not a string', doc({ installer: 3 }), 'no installer'],
    ['no scenario', doc({ scenario: undefined }), 'no scenario'],
    ['no version', doc({ version: null }), 'no version'],
    ['no case_name', doc({ case_name: '' }), 'no case_name'],
    ['no start_date', doc({ start_date: undefined }), 'no start_date'],
    ['null start_date', doc({ start_date: null }), 'no start_date'],
    ['unparseable start_date', doc({ start_date: 'last tuesday' }), 'bad start_date'],
    ['impossible start_date', doc({ start_date: '2016-02-30 10:00:00' }), 'bad start_date'],
    ['an installer longer than the cap', doc({ installer: 'f'.repeat(65) }), 'installer too long'],
    ['a scenario with a newline', doc({ scenario: 'os-nosdn\nfuel / x  9/9 OK' }), 'scenario unprintable'],
    ['a version with ESC', doc({ version: 'master\u001b[2J' }), 'version unprintable'],
    ['an installer with a lone surrogate', doc({ installer: 'fuel\ud800' }), 'installer unprintable'],
    ['a scenario with a right-to-left override', doc({ scenario: 'ha\u202eon' }), 'scenario unprintable'],
    ['a build_tag with a lone surrogate', doc({ build_tag: 'jenkins-x-\udc00' }), 'build_tag unprintable'],
    ['a pod_name longer than the cap', doc({ pod_name: 'p'.repeat(65) }), 'pod_name too long'],
    ['an installer named like an architecture split', doc({ installer: 'fuel@x86_64' }), 'installer with @'],
  ];
  it.each(cases)('%s', (_name, value, reason) => {
    expect(normaliseDocument(value, context())).toEqual({ kind: 'rejected', reason });
  });
});

describe('normaliseDocument judges a real document as a document, whatever its fields are called', () => {
  // Sources once marked unreadable text with such keys, so a real document holding one was miscounted.
  it.each([
    ['$tooLarge', { $tooLarge: 67108864 }],
    ['$unparseable', { $unparseable: '{' }],
    ['$rejected', { $rejected: 'no installer' }],
    ['_rejected', { _rejected: 'bad start_date' }],
    ['reason and inWindow', { reason: 'invalid JSON', inWindow: true }],
  ])('a document with %s', (_field, fields) => {
    expect(normaliseDocument(doc(fields), context())).toMatchObject({
      kind: 'run',
      run: { installer: 'fuel' },
    });
  });
});

describe('parseResultDate reads years before 100 as written', () => {
  it.each([
    ['0016-07-14', '0016-07-14T00:00:00.000Z'],
    ['0000-02-29 12:00:00', '0000-02-29T12:00:00.000Z'],
    ['0099-12-31T23:59:59+01:00', '0099-12-31T22:59:59.000Z'],
  ])('%s', (text, iso) => {
    expect(new Date(parseResultDate(text, 'UTC') ?? NaN).toISOString()).toBe(iso);
  });
});

describe('normaliseDocument keeps names that are only unusual', () => {
  it.each(['fuel 🚀', '__proto__', 'constructor', 'os-nosdn/ha', 'f'.repeat(64)])('%s', (installer) => {
    const result = normaliseDocument(doc({ installer }), context());
    expect(result.kind === 'run' && result.run.installer).toBe(installer);
  });
});

describe('normaliseDocument judges usable documents', () => {
  it('turns a document into a run', () => {
    expect(normaliseDocument(doc(), context())).toEqual({
      kind: 'run',
      run: {
        version: 'master',
        installer: 'fuel',
        scenario: 'os-nosdn-nofeature-ha',
        project: 'functest',
        testCase: 'healthcheck',
        pod: 'lf-pod2',
        buildTag: 'jenkins-functest-fuel-baremetal-daily-master-324',
        startedAt: INSTANT,
        passed: true,
      },
    });
  });

  it('ignores a test case the criteria do not ask for', () => {
    expect(normaliseDocument(doc({ case_name: 'vims' }), context())).toEqual({ kind: 'ignored' });
  });

  it('passes the project and case name to the criteria lookup', () => {
    const asked: [string | undefined, string][] = [];
    normaliseDocument(doc({ project_name: 'promise', case_name: 'promise' }), {
      dataTimeZone: 'UTC',
      maxNameLength: 256,
      testCase: (project, caseName) => {
        asked.push([project, caseName]);
        return promise;
      },
    });
    expect(asked).toEqual([['promise', 'promise']]);
  });

  it.each([
    ['FAIL word', { criteria: 'FAIL' }, false, undefined],
    ['unknown word fails and is noted', { criteria: 'SKIP' }, false, 'unknown criteria word'],
    ['missing word fails and is noted', { criteria: undefined }, false, 'no criteria word'],
  ])('%s', (_name, fields, passed, note) => {
    const result = normaliseDocument(doc(fields), context());
    expect(result.kind === 'run' && result.run.passed).toBe(passed);
    expect(result.kind === 'run' ? result.run.failureNote : 'not a run').toBe(note);
  });

  it('judges with the test case expression and notes what it could not read', () => {
    const judged = (details: unknown) => {
      const result = normaliseDocument(doc({ case_name: 'promise', criteria: 'FAIL', details }), context());
      return result.kind === 'run' ? [result.run.passed, result.run.failureNote] : result;
    };
    expect(judged({ success_rate: 100 })).toEqual([true, undefined]);
    expect(judged({ success_rate: 50 })).toEqual([false, undefined]);
    expect(judged({})).toEqual([false, 'missing details.success_rate']);
  });

  it('missing pod and build tag become empty strings', () => {
    const result = normaliseDocument(doc({ pod_name: undefined, build_tag: 7 }), context());
    expect(result.kind === 'run' && [result.run.pod, result.run.buildTag]).toEqual(['', '']);
  });

  it('reads zone-less dates in the data time zone', () => {
    const result = normaliseDocument(doc({ start_date: '2016-07-07 11:53:48' }), context('Europe/Paris'));
    expect(result.kind === 'run' && result.run.startedAt).toBe(INSTANT);
  });
});
