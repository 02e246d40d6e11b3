// The criteria grammar on arbitrary input: only its own error, and printing then parsing gives back
// the same expression.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  formatCriteriaExpression,
  parseCriteriaExpression,
  type CriteriaExpression,
} from '../../src/core/index.js';

const field = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}(\.[A-Za-z_][A-Za-z0-9_]{0,8}){0,3}$/)
  .filter((name) => name !== 'status' && !name.startsWith('details'));
const number = fc.record({
  kind: fc.constant('number' as const),
  value: fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
    .map((n) => Math.round(n * 1000) / 1000 || 0),
  percent: fc.boolean(),
});
const text = fc.record({ kind: fc.constant('string' as const), value: fc.string({ maxLength: 20 }) });
/** The grammar: numbers with every operator, strings with == and != only, status with a word. */
const expression: fc.Arbitrary<CriteriaExpression> = fc.oneof(
  fc.record({
    field: fc.constant('status'),
    op: fc.constantFrom<CriteriaExpression['op']>('==', '!='),
    value: fc.record({ kind: fc.constant('string' as const), value: fc.constantFrom('PASS', 'FAIL') }),
  }),
  fc.record({
    field,
    op: fc.constantFrom<CriteriaExpression['op']>('==', '!=', '>=', '<=', '>', '<'),
    value: number,
  }),
  fc.record({ field, op: fc.constantFrom<CriteriaExpression['op']>('==', '!='), value: text }),
);

describe('criteria expressions', () => {
  it('throw nothing but ExpressionError on any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.stringMatching(/^[a-z._ ]{0,6}[=!<>]{0,3} ?["'0-9%.a-z-]{0,8}$/),
        ),
        (text) => {
          try {
            parseCriteriaExpression(text);
          } catch (error) {
            expect(error).toBeInstanceOf(ExpressionError);
            expect((error as ExpressionError).column).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('parse what they print back to the same expression', () => {
    fc.assert(
      fc.property(expression, (expr) => {
        expect(parseCriteriaExpression(formatCriteriaExpression(expr))).toEqual(expr);
      }),
      { numRuns: 2000 },
    );
  });
});
