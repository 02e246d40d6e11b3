import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  criteriaDetailsPaths,
  evaluateCriteria,
  formatCriteriaExpression,
  parseCriteriaExpression,
} from '../../src/core/index.js';
import type { CriteriaExpression } from '../../src/core/index.js';

describe('parseCriteriaExpression accepts the grammar', () => {
  const cases: [string, string, CriteriaExpression][] = [
    [
      'status word',
      'status == "PASS"',
      { field: 'status', op: '==', value: { kind: 'string', value: 'PASS' } },
    ],
    [
      'single quotes',
      "status != 'FAIL'",
      { field: 'status', op: '!=', value: { kind: 'string', value: 'FAIL' } },
    ],
    [
      'status word synonyms fold to PASS/FAIL',
      'status == "passed"',
      { field: 'status', op: '==', value: { kind: 'string', value: 'PASS' } },
    ],
    [
      'percent',
      'success_rate == 100%',
      { field: 'success_rate', op: '==', value: { kind: 'number', value: 100, percent: true } },
    ],
    [
      'dotted path',
      'details.tests.failures <= 2',
      { field: 'tests.failures', op: '<=', value: { kind: 'number', value: 2, percent: false } },
    ],
    [
      'leading details. dropped',
      'details.duration < 3600',
      { field: 'duration', op: '<', value: { kind: 'number', value: 3600, percent: false } },
    ],
    [
      'details.status stays a details path',
      'details.status == "ok"',
      { field: 'details.status', op: '==', value: { kind: 'string', value: 'ok' } },
    ],
    [
      'no spaces',
      'duration>=1.5',
      { field: 'duration', op: '>=', value: { kind: 'number', value: 1.5, percent: false } },
    ],
    [
      'negative and exponent',
      'delta > -2e3',
      { field: 'delta', op: '>', value: { kind: 'number', value: -2000, percent: false } },
    ],
    [
      'escaped quote in string',
      'name == "a\\"b"',
      { field: 'name', op: '==', value: { kind: 'string', value: 'a"b' } },
    ],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(parseCriteriaExpression(text)).toEqual(expected);
  });
});

describe('parseCriteriaExpression names the column of the bad token', () => {
  const cases: [string, string, number][] = [
    ['empty', '   ', 4],
    ['field missing', '== "PASS"', 1],
    ['unknown operator', 'status = "PASS"', 8],
    ['operator missing', 'status "PASS"', 8],
    ['value missing', 'duration <', 11],
    ['bare word as value', 'status == PASS', 11],
    ['unterminated string', 'status == "PASS', 11],
    ['trailing token', 'duration < 3600 and', 17],
    ['two comparisons', 'a > 1 < 2', 7],
    ['string with ordering operator', 'name > "b"', 8],
    ['status with a number', 'status == 1', 11],
    ['status with an unknown word', 'status == "MAYBE"', 11],
    ['percent without number', 'rate == %', 9],
    ['details alone', 'details == 1', 1],
    ['bad escape', 'name == "a\\n"', 11],
    ['empty path segment', 'details..x == 1', 9],
  ];
  it.each(cases)('%s', (_name, text, column) => {
    let error: unknown;
    try {
      parseCriteriaExpression(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).column).toBe(column);
    expect((error as ExpressionError).message).toContain(`column ${column}`);
  });
});

describe('formatCriteriaExpression round trip', () => {
  const texts = [
    'status == "PASS"',
    "status != 'KO'",
    'success_rate == 100%',
    'details.tests.failures <= 2',
    'duration < 3600',
    'x >= -0.25',
    'big > 1e21',
    'name == "back\\\\slash \\"quoted\\""',
    'details.status == "ok"',
    'details.details.x == 1',
  ];
  it.each(texts)('%s', (text) => {
    const parsed = parseCriteriaExpression(text);
    expect(parseCriteriaExpression(formatCriteriaExpression(parsed))).toEqual(parsed);
  });

  it('writes the canonical form', () => {
    expect(formatCriteriaExpression(parseCriteriaExpression('  details.success_rate==100%  '))).toBe(
      'success_rate == 100%',
    );
    expect(formatCriteriaExpression(parseCriteriaExpression("status=='ok'"))).toBe('status == "PASS"');
  });
});

describe('criteriaDetailsPaths', () => {
  it.each([
    ['status == "PASS"', []],
    ['success_rate == 100%', ['details.success_rate']],
    ['details.tests.failures <= 2', ['details.tests.failures']],
    ['details.status == "x"', ['details.status']],
  ])('%s', (text, paths) => {
    expect(criteriaDetailsPaths(parseCriteriaExpression(text))).toEqual(paths);
  });
});

describe('evaluateCriteria', () => {
  const cases: [string, string, Record<string, unknown>, { passed: boolean; note?: string }][] = [
    ['PASS word passes', 'status == "PASS"', { criteria: 'PASS' }, { passed: true }],
    ['synonym word passes, any case', 'status == "PASS"', { criteria: ' success ' }, { passed: true }],
    ['FAIL word fails without a note', 'status == "PASS"', { criteria: 'FAILED' }, { passed: false }],
    ['!= on words', 'status != "FAIL"', { criteria: 'ok' }, { passed: true }],
    [
      'unknown word fails with a note',
      'status == "PASS"',
      { criteria: 'SKIPPED' },
      { passed: false, note: 'unknown criteria word' },
    ],
    ['absent word fails with a note', 'status == "PASS"', {}, { passed: false, note: 'no criteria word' }],
    ['percent met', 'success_rate == 100%', { details: { success_rate: 100 } }, { passed: true }],
    ['percent unmet', 'success_rate == 100%', { details: { success_rate: 99.5 } }, { passed: false }],
    [
      'percent string value',
      'success_rate >= 90%',
      { details: { success_rate: '95.00%' } },
      { passed: true },
    ],
    ['numeric string value', 'duration < 3600', { details: { duration: '120' } }, { passed: true }],
    [
      'dotted path met',
      'details.tests.failures <= 2',
      { details: { tests: { failures: 2 } } },
      { passed: true },
    ],
    [
      'dotted path unmet',
      'details.tests.failures <= 2',
      { details: { tests: { failures: 3 } } },
      { passed: false },
    ],
    ['strictly less at boundary', 'duration < 3600', { details: { duration: 3600 } }, { passed: false }],
    [
      'missing value',
      'success_rate == 100%',
      { details: {} },
      { passed: false, note: 'missing details.success_rate' },
    ],
    ['missing details', 'duration < 3600', {}, { passed: false, note: 'missing details.duration' }],
    [
      'path through a non-object',
      'tests.failures <= 2',
      { details: { tests: 5 } },
      { passed: false, note: 'missing details.tests.failures' },
    ],
    [
      'not a number',
      'duration < 3600',
      { details: { duration: 'long' } },
      { passed: false, note: 'not a number: details.duration' },
    ],
    [
      'empty string is not a number',
      'duration < 3600',
      { details: { duration: '' } },
      { passed: false, note: 'not a number: details.duration' },
    ],
    ['string compare', 'result == "ok"', { details: { result: 'ok' } }, { passed: true }],
    [
      'string compare against object',
      'result == "ok"',
      { details: { result: { a: 1 } } },
      { passed: false, note: 'not a string: details.result' },
    ],
    [
      'details.status reads details',
      'details.status == "ok"',
      { criteria: 'FAIL', details: { status: 'ok' } },
      { passed: true },
    ],
  ];
  it.each(cases)('%s', (_name, text, doc, expected) => {
    expect(evaluateCriteria(parseCriteriaExpression(text), doc)).toEqual(expected);
  });
});
