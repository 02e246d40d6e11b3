// Test infrastructure: MongoDB's comparison order for the wire test server. mingo's aggregation
// $eq/$gt/… reuse its query semantics, where an array equals any of its elements ({ $eq: [['a'], 'a'] }
// is true); a server compares the values themselves, in BSON type order. These operators replace them.
import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { Context, evalExpr } from 'mingo/core';
import * as accumulator from 'mingo/operators/accumulator';
import * as expression from 'mingo/operators/expression';
import * as pipeline from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as query from 'mingo/operators/query';
import * as window from 'mingo/operators/window';

/** BSON comparison order of types; a missing value sorts before null and equals nothing but missing. */
function rank(value: unknown): number {
  if (value === undefined) return 0;
  if (value === null) return 1;
  if (typeof value === 'number' || value instanceof Long || value instanceof Int32 || value instanceof Double)
    return 2;
  if (value instanceof Decimal128) return 2;
  if (typeof value === 'string') return 3;
  if (Array.isArray(value)) return 5;
  if (value instanceof Binary) return 6;
  if (value instanceof ObjectId) return 7;
  if (typeof value === 'boolean') return 8;
  if (value instanceof Date) return 9;
  if (value instanceof Timestamp) return 10;
  if (value instanceof RegExp) return 11;
  return 4;
}

function numberOf(value: unknown): number {
  if (value instanceof Long || value instanceof Int32 || value instanceof Double)
    return Number(value.valueOf());
  if (value instanceof Decimal128) return Number(value.toString());
  return value as number;
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** -1, 0 or 1 as a server compares two values. Strings by code point, as UTF-8 bytes order them. */
export function compareBson(a: unknown, b: unknown): number {
  const byType = rank(a) - rank(b);
  if (byType !== 0) return sign(byType);
  switch (rank(a)) {
    case 2:
      return sign(numberOf(a) - numberOf(b));
    case 3:
      return compareCodePoints(a as string, b as string);
    case 4:
      return compareArrays(Object.entries(a as object).flat(), Object.entries(b as object).flat());
    case 5:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7:
      return compareCodePoints((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 8:
      return sign(Number(a) - Number(b));
    case 9:
      return sign((a as Date).getTime() - (b as Date).getTime());
    default:
      return compareCodePoints(String(a), String(b));
  }
}

function compareArrays(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareBson(a[i], b[i]);
    if (order !== 0) return order;
  }
  return sign(a.length - b.length);
}

function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = sign((left[i] as string).codePointAt(0)! - (right[i] as string).codePointAt(0)!);
    if (order !== 0) return order;
  }
  return sign(left.length - right.length);
}

type Options = Parameters<typeof evalExpr>[2];

const comparison =
  (holds: (order: number) => boolean) =>
  (document: unknown, expression: unknown, options: Options): boolean => {
    const [a, b] = evalExpr(document as never, expression as never, options) as [unknown, unknown];
    return holds(compareBson(a, b));
  };

/** mingo's operators, with the aggregation comparisons a server has (mingo lets the first definition win). */
const serverContext = Context.init({
  accumulator,
  pipeline,
  projection,
  query,
  window,
  expression: {
    ...expression,
    $eq: comparison((order) => order === 0),
    $ne: comparison((order) => order !== 0),
    $gt: comparison((order) => order > 0),
    $gte: comparison((order) => order >= 0),
    $lt: comparison((order) => order < 0),
    $lte: comparison((order) => order <= 0),
    $cmp: (document: unknown, expression: unknown, options: Options) => {
      const [a, b] = evalExpr(document as never, expression as never, options) as [unknown, unknown];
      return compareBson(a, b);
    },
  },
});

/** Runs a pipeline as mingo does, but comparing values as a server does. */
export function aggregateAsServer(documents: object[], stages: object[]): unknown[] {
  return new Aggregator(stages as never, { context: serverContext }).run(documents as never);
}
