// <criteria>/feedback/*.yaml → FeedbackReport[]: the Tempest and vIMS pages of the 2016 job, and any
// other report declared the same way. Checked in full before any query, like the criteria: unknown
// keys, checks or rates naming no value, ids that are not file names, test cases the criteria do not
// declare (their runs are never read, so the pages would stay empty whatever the data).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, type CriteriaSet, type FeedbackReport } from '../core/index.js';
import { formatPath, readYamlFile, validateYaml, type YamlFile } from './yaml-file.js';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a name: letters, digits and _');
const path = z
  .string()
  .regex(/^(\$elapsed|[A-Za-z_][\w-]*(\.[\w-]+)*)$/, 'a dotted path, e.g. details.tests');
const operator = z.enum(['>=', '>', '<=', '<', '==', '!=']);
const condition = z.strictObject({ value: name, op: operator, threshold: z.union([z.number(), name]) });

const valueSchema = z.strictObject({
  name,
  label: z.string().min(1),
  format: z.enum(['number', 'percent', 'duration']).default('number'),
  from: z.array(path).min(1).optional(),
  rate: z.strictObject({ total: name, failed: name }).optional(),
  count: z.strictObject({ list: path, field: z.string().min(1), equals: z.string() }).optional(),
});

const reportSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -'),
  title: z.string().min(1),
  project: z.string().min(1).default('functest'),
  testCase: z.string().min(1),
  runs: z.number().int().positive().default(5),
  share: z.boolean().default(false),
  values: z.array(valueSchema).min(1),
  checks: z.array(condition.extend({ label: z.string().min(1), and: condition.optional() })).default([]),
  failed: z
    .strictObject({
      from: z.array(path).min(1),
      where: z.strictObject({ field: z.string().min(1), equals: z.string() }).optional(),
      show: z.string().min(1).optional(),
    })
    .optional(),
});

const KNOWN_KEYS: Record<number, string[]> = {
  0: Object.keys(reportSchema.shape),
  2: Object.keys(valueSchema.shape),
};

/** The reports of `<criteriaDir>/feedback/`, in file-name order; none when the folder does not exist. */
export async function loadFeedbackReports(
  criteriaDir: string,
  criteria: CriteriaSet,
): Promise<FeedbackReport[]> {
  const dir = join(criteriaDir, 'feedback');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((file) => /\.ya?ml$/.test(file)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(`cannot read the feedback folder: ${(error as Error).message}`, dir);
  }
  const reports: FeedbackReport[] = [];
  for (const file of names) {
    const report = reportOf(await readYamlFile(join(dir, file), 'feedback report'), criteria);
    if (reports.some((other) => other.id === report.id)) {
      throw new ConfigError(`id "${report.id}" is declared by two feedback reports`, join(dir, file));
    }
    reports.push(report);
  }
  return reports;
}

function reportOf(file: YamlFile, criteria: CriteriaSet): FeedbackReport {
  const report = validateYaml(file, reportSchema, (at) => KNOWN_KEYS[at.length] ?? []);
  const fail = (at: PropertyKey[], message: string): never => {
    const place = file.locate(at);
    throw new ConfigError(`${formatPath(at)}: ${message}`, file.path, place.line, place.column);
  };
  const declaredTestCase = criteria.testCases.some(
    (testCase) => testCase.project === report.project && testCase.name === report.testCase,
  );
  if (!declaredTestCase)
    fail(
      ['testCase'],
      `"${report.testCase}" of project "${report.project}" is not a test case of the criteria`,
    );
  const declared: string[] = [];
  const needs = (at: PropertyKey[], value: string) => {
    if (!declared.includes(value)) fail(at, `"${value}" is not a value declared before it`);
  };
  const values = report.values.map((value, i) => {
    const kinds = [value.from, value.rate, value.count].filter((kind) => kind !== undefined);
    if (kinds.length > 1) fail(['values', i], 'give exactly one of from, rate or count');
    if (value.rate) {
      needs(['values', i, 'rate', 'total'], value.rate.total);
      needs(['values', i, 'rate', 'failed'], value.rate.failed);
    }
    if (declared.includes(value.name)) fail(['values', i, 'name'], `"${value.name}" is declared twice`);
    declared.push(value.name);
    const { name: valueName, label, format } = value;
    if (value.from) return { name: valueName, label, format, from: value.from };
    if (value.rate) return { name: valueName, label, format, rate: value.rate };
    if (value.count) return { name: valueName, label, format, count: value.count };
    return fail(['values', i], 'give exactly one of from, rate or count');
  });
  report.checks.forEach((check, i) => {
    for (const [key, entry] of [['', check] as const, ...(check.and ? [['and', check.and] as const] : [])]) {
      const at: PropertyKey[] = key === '' ? ['checks', i] : ['checks', i, key];
      needs([...at, 'value'], entry.value);
      if (typeof entry.threshold === 'string') needs([...at, 'threshold'], entry.threshold);
    }
  });
  return { ...report, values, failed: report.failed ?? null };
}
