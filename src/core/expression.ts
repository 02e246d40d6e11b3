// Success criteria expressions (the README, "Criteria"): `FIELD OP VALUE`, read by a hand-written scanner so that
// nothing from a criteria file is ever executed.
import { normaliseCriteriaWord } from './criteria-word.js';
import { ExpressionError } from './errors.js';
import type { CriteriaExpression, ResultDocument } from './model.js';
import { own } from './names.js';

type Op = CriteriaExpression['op'];
type Value = CriteriaExpression['value'];

const OPS: readonly Op[] = ['==', '!=', '>=', '<=', '>', '<'];
const EQUALITY_OPS: ReadonlySet<Op> = new Set(['==', '!=']);
const DETAILS_PREFIX = 'details.';

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isNamePart = (c: string | undefined): boolean => isNameStart(c) || isDigit(c) || c === '-';

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }
  skipSpaces(): void {
    while (isSpace(this.peek())) this.pos++;
  }
  fail(message: string, pos = this.pos): never {
    throw new ExpressionError(`${message} at column ${pos + 1}`, pos + 1);
  }
  describe(): string {
    const c = this.peek();
    return c === undefined ? 'end of expression' : `'${c}'`;
  }
}

function scanField(s: Scanner): string {
  const start = s.pos;
  const segments: string[] = [];
  for (;;) {
    if (!isNameStart(s.peek())) {
      s.fail(`expected a field name (status, or a details path such as success_rate), found ${s.describe()}`);
    }
    const from = s.pos;
    while (isNamePart(s.peek())) s.pos++;
    segments.push(s.text.slice(from, s.pos));
    if (s.peek() !== '.') break;
    s.pos++;
  }
  const written = segments.join('.');
  if (written === 'status') return written;
  if (written === 'details')
    s.fail("'details' alone is not a field: name a path inside it, e.g. details.success_rate", start);
  return canonicalField(written.startsWith(DETAILS_PREFIX) ? written.slice(DETAILS_PREFIX.length) : written);
}

/** A details path as stored: without `details.` unless dropping it would change what the field reads. */
function canonicalField(path: string): string {
  return path === 'status' || path === 'details' || path.startsWith(DETAILS_PREFIX)
    ? DETAILS_PREFIX + path
    : path;
}

function scanOp(s: Scanner): Op {
  const two = s.text.slice(s.pos, s.pos + 2);
  const op = OPS.find((candidate) => two.startsWith(candidate));
  if (op === undefined) s.fail(`expected an operator (== != >= <= > <), found ${s.describe()}`);
  s.pos += op.length;
  return op;
}

function scanString(s: Scanner): Value {
  const start = s.pos;
  const quote = s.peek();
  s.pos++;
  let value = '';
  for (;;) {
    const c = s.peek();
    if (c === undefined) s.fail(`unterminated string (no closing ${quote})`, start);
    s.pos++;
    if (c === quote) return { kind: 'string', value };
    if (c === '\\') {
      const escaped = s.peek();
      if (escaped !== '\\' && escaped !== '"' && escaped !== "'") {
        s.fail(`unknown escape \\${escaped ?? ''}: only \\\\, \\" and \\' are allowed`, s.pos - 1);
      }
      value += escaped;
      s.pos++;
    } else {
      value += c;
    }
  }
}

function scanNumber(s: Scanner): Value {
  const start = s.pos;
  if (s.peek() === '-' || s.peek() === '+') s.pos++;
  const digitsFrom = s.pos;
  while (isDigit(s.peek())) s.pos++;
  if (s.peek() === '.') {
    s.pos++;
    while (isDigit(s.peek())) s.pos++;
  }
  if (s.pos === digitsFrom || s.text.slice(digitsFrom, s.pos) === '.') {
    s.fail(`expected a number or a quoted string, found ${s.describe()}`, start);
  }
  if (s.peek() === 'e' || s.peek() === 'E') {
    s.pos++;
    if (s.peek() === '-' || s.peek() === '+') s.pos++;
    if (!isDigit(s.peek())) s.fail(`expected exponent digits, found ${s.describe()}`);
    while (isDigit(s.peek())) s.pos++;
  }
  const parsed = Number(s.text.slice(start, s.pos));
  if (!Number.isFinite(parsed)) s.fail('number out of range', start);
  const percent = s.peek() === '%';
  if (percent) s.pos++;
  // -0 and 0 mean the same threshold; keeping one of them makes parse(format(e)) exact.
  return { kind: 'number', value: parsed === 0 ? 0 : parsed, percent };
}

/** Parses `FIELD OP VALUE`; throws ExpressionError naming the 1-based column of the bad token. */
export function parseCriteriaExpression(text: string): CriteriaExpression {
  const s: Scanner = new Scanner(text);
  s.skipSpaces();
  if (s.peek() === undefined)
    s.fail('empty criteria expression: write FIELD OP VALUE, e.g. status == "PASS"');
  const field = scanField(s);
  s.skipSpaces();
  const op = scanOp(s);
  s.skipSpaces();
  const valueStart = s.pos;
  const value = s.peek() === '"' || s.peek() === "'" ? scanString(s) : scanNumber(s);
  s.skipSpaces();
  if (s.peek() !== undefined)
    s.fail(`unexpected ${s.describe()} after the value (one comparison per expression)`);
  if (value.kind === 'string' && !EQUALITY_OPS.has(op)) {
    s.fail(`${op} needs a number; strings compare with == or != only`, valueStart);
  }
  if (field === 'status') {
    if (value.kind !== 'string')
      s.fail('status compares with a quoted word, e.g. status == "PASS"', valueStart);
    const word = normaliseCriteriaWord(value.value);
    if (word === null) s.fail(`status compares with PASS or FAIL, not "${value.value}"`, valueStart);
    return { field, op, value: { kind: 'string', value: word } };
  }
  return { field, op, value };
}

/** Canonical text of an expression; parsing it gives the same expression back. */
export function formatCriteriaExpression(expr: CriteriaExpression): string {
  const value =
    expr.value.kind === 'string'
      ? `"${expr.value.value.replace(/[\\"]/g, (c) => `\\${c}`)}"`
      : `${String(expr.value.value)}${expr.value.percent ? '%' : ''}`;
  return `${expr.field} ${expr.op} ${value}`;
}

function detailsPath(field: string): string {
  return field.startsWith(DETAILS_PREFIX) ? field.slice(DETAILS_PREFIX.length) : field;
}

/** The `details.*` paths an expression reads, so sources can project only those. */
export function criteriaDetailsPaths(expr: CriteriaExpression): string[] {
  return expr.field === 'status' ? [] : [DETAILS_PREFIX + detailsPath(expr.field)];
}

function readPath(root: unknown, path: string): unknown {
  let current = root;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    // Own properties only: `details.constructor` is a field the document may or may not have, never Object's.
    current = own(current as Record<string, unknown>, segment);
  }
  return current;
}

/** Numbers as the frameworks stored them: 100, "100", "100%", "99.5 %". */
function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  const bare = trimmed.endsWith('%') ? trimmed.slice(0, -1).trimEnd() : trimmed;
  if (bare === '') return null;
  const parsed = Number(bare);
  return Number.isFinite(parsed) ? parsed : null;
}

function compare<T extends number | string>(actual: T, op: Op, expected: T): boolean {
  switch (op) {
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '>=':
      return actual >= expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '<':
      return actual < expected;
  }
}

/**
 * Whether one run passed. A run that cannot be judged (unknown word, missing or non-numeric value)
 * fails, and `note` says why so the job can count it instead of hiding it.
 */
export function evaluateCriteria(
  expr: CriteriaExpression,
  doc: ResultDocument,
): { passed: boolean; note?: string } {
  if (expr.field === 'status') {
    const word = normaliseCriteriaWord(doc.criteria);
    if (word === null) {
      const absent = doc.criteria === undefined || doc.criteria === null || doc.criteria === '';
      return { passed: false, note: absent ? 'no criteria word' : 'unknown criteria word' };
    }
    const expected: string = normaliseCriteriaWord(expr.value.value) ?? String(expr.value.value);
    return { passed: compare<string>(word, expr.op, expected) };
  }
  const path = detailsPath(expr.field);
  const actual = readPath(doc.details, path);
  if (actual === undefined || actual === null) return { passed: false, note: `missing details.${path}` };
  if (expr.value.kind === 'number') {
    const number = asNumber(actual);
    if (number === null) return { passed: false, note: `not a number: details.${path}` };
    return { passed: compare(number, expr.op, expr.value.value) };
  }
  if (typeof actual === 'object') return { passed: false, note: `not a string: details.${path}` };
  return { passed: compare(String(actual), expr.op, expr.value.value) };
}
