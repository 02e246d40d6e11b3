// Raw result documents → runs: identity fields checked, the date read (core/result-date.ts), the
// criteria judged. This is the hot path (a million documents a report).
import { normaliseCriteriaWord } from './criteria-word.js';
import { evaluateCriteria } from './expression.js';
import type { NormalisedDocument, TestCaseDefinition } from './model.js';
import { isPrintable } from './names.js';
import { parseResultDate } from './result-date.js';
import { isUnreadable } from './source-item.js';

export { normaliseCriteriaWord };

export interface NormaliseContext {
  /** Zone of dates written without one ('UTC' by default). */
  dataTimeZone: string;
  /** Longest installer, scenario, version, pod or build tag accepted, in UTF-16 code units. */
  maxNameLength: number;
  /** The criteria's test case for a document, or undefined when it is not asked for (→ 'ignored'). */
  testCase(project: string | undefined, caseName: string): TestCaseDefinition | undefined;
  /**
   * The one copy of a name the read keeps (a run's version, installer, scenario, pod and build tag):
   * every document parsed brings its own copies, and a million runs kept would hold millions of strings
   * that say a few thousand names. Absent: each run keeps its own.
   */
  sharedName?: (name: string) => string;
}

/** Why a document can be rejected for its identity fields or date, in the order they are checked. */
export const REJECTION_REASONS: readonly string[] = [
  'no installer',
  'no scenario',
  'no version',
  'no case_name',
  'no start_date',
  'bad start_date',
];

const sameName = (name: string) => name;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Why a name from a document cannot be used as it is, or null when it can. */
function nameProblem(field: string, value: string, ctx: NormaliseContext): string | null {
  if (value.length > ctx.maxNameLength) return `${field} too long`;
  if (!isPrintable(value)) return `${field} unprintable`;
  return null;
}

/** An optional field (pod, build tag): '' when absent, null when present but unusable. */
function optionalName(field: string, value: unknown, ctx: NormaliseContext): string | { problem: string } {
  const named = text(value);
  if (named === null) return '';
  const problem = nameProblem(field, named, ctx);
  return problem === null ? named : { problem };
}

/**
 * One raw document → a judged run, a rejection with its reason (reasons are status.json keys), or
 * 'ignored' when its test case is not in the criteria.
 */
export function normaliseDocument(doc: unknown, ctx: NormaliseContext): NormalisedDocument {
  // Counted like any other bad document: text that is not JSON, one too large, one a database rejected.
  if (isUnreadable(doc)) return { kind: 'rejected', reason: doc.reason };
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return { kind: 'rejected', reason: 'not an object' };
  const fields = doc as Record<string, unknown>;
  const installer = text(fields.installer);
  if (installer === null) return { kind: 'rejected', reason: 'no installer' };
  const scenario = text(fields.scenario);
  if (scenario === null) return { kind: 'rejected', reason: 'no scenario' };
  const version = text(fields.version);
  if (version === null) return { kind: 'rejected', reason: 'no version' };
  const problem =
    nameProblem('installer', installer, ctx) ??
    nameProblem('scenario', scenario, ctx) ??
    nameProblem('version', version, ctx);
  if (problem !== null) return { kind: 'rejected', reason: problem };
  // `fuel@x86_64` is the name the architecture split gives fuel's x86 runs: data may not take it.
  if (installer.includes('@')) return { kind: 'rejected', reason: 'installer with @' };
  const caseName = text(fields.case_name);
  if (caseName === null) return { kind: 'rejected', reason: 'no case_name' };
  if (fields.start_date === undefined || fields.start_date === null || fields.start_date === '') {
    return { kind: 'rejected', reason: 'no start_date' };
  }
  const startedAt = parseResultDate(fields.start_date, ctx.dataTimeZone);
  if (startedAt === null) return { kind: 'rejected', reason: 'bad start_date' };

  const definition = ctx.testCase(text(fields.project_name) ?? undefined, caseName);
  if (definition === undefined) return { kind: 'ignored' };
  const pod = optionalName('pod_name', fields.pod_name, ctx);
  if (typeof pod !== 'string') return { kind: 'rejected', reason: pod.problem };
  const buildTag = optionalName('build_tag', fields.build_tag, ctx);
  if (typeof buildTag !== 'string') return { kind: 'rejected', reason: buildTag.problem };
  const verdict = evaluateCriteria(definition.criteria, fields);
  const shared = ctx.sharedName ?? sameName;
  return {
    kind: 'run',
    run: {
      version: shared(version),
      installer: shared(installer),
      scenario: shared(scenario),
      project: definition.project,
      testCase: definition.name,
      pod: shared(pod),
      buildTag: shared(buildTag),
      startedAt,
      passed: verdict.passed,
      ...(verdict.note === undefined ? {} : { failureNote: verdict.note }),
    },
  };
}
