// criteria/*.yaml → CriteriaSet. Every file is validated in full before anything is queried: unknown
// keys, bad regexes, bad expressions, duplicate test cases and empty tiers are refused with their place.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ConfigError,
  ExpressionError,
  parseCriteriaExpression,
  type CriteriaSet,
  type TestCaseDefinition,
} from '../core/index.js';
import { formatPath, readYamlFile, validateYaml, type YamlFile } from './yaml-file.js';

const testCaseSchema = z.strictObject({
  name: z.string().min(1),
  project: z.string().min(1).optional(),
  description: z.string().optional(),
  /** Informative inside a scored tier. */
  scored: z.boolean().optional(),
  criteria: z.string().min(1),
  dependencies: z.strictObject({ installer: z.string(), scenario: z.string() }).partial().optional(),
});

const tierSchema = z.strictObject({
  name: z.string().min(1),
  order: z.number().int(),
  scored: z.boolean().default(true),
  description: z.string().optional(),
  testcases: z.array(testCaseSchema).min(1, 'a tier needs at least one test case'),
});

const criteriaFileSchema = z.strictObject({
  project: z.string().min(1),
  tiers: z.array(tierSchema).min(1, 'declare at least one tier'),
  blacklist: z.array(z.string()).default([]),
});

const KNOWN_KEYS: Record<number, string[]> = {
  0: Object.keys(criteriaFileSchema.shape),
  2: Object.keys(tierSchema.shape),
  4: Object.keys(testCaseSchema.shape),
  5: ['installer', 'scenario'],
};

/** Loads every *.yaml / *.yml file of the folder, in name order, into one criteria set. */
export async function loadCriteria(dir: string): Promise<CriteriaSet> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    throw new ConfigError(`cannot read the criteria folder: ${(error as Error).message}`, dir);
  }
  if (names.length === 0) throw new ConfigError('no criteria *.yaml file in the folder', dir);
  const testCases: TestCaseDefinition[] = [];
  const declaredIn = new Map<string, string>();
  for (const name of names) {
    const file = await readYamlFile(join(dir, name), 'criteria file');
    for (const { definition, path } of criteriaOf(file)) {
      const key = `${definition.project}/${definition.name}`;
      const first = declaredIn.get(key);
      const place = file.locate(path);
      if (first !== undefined) {
        throw new ConfigError(
          `${formatPath(path)}: test case "${definition.name}" of project "${definition.project}" is already declared at ${first}`,
          file.path,
          place.line,
          place.column,
        );
      }
      declaredIn.set(key, `${file.path}:${place.line}`);
      testCases.push(definition);
    }
  }
  // Tier order across files, file order inside a tier: a stable order for pages and tables.
  return {
    testCases: testCases
      .map((t, i) => ({ t, i }))
      .sort((a, b) => a.t.tierOrder - b.t.tierOrder || a.i - b.i)
      .map(({ t }) => t),
  };
}

/** `--discover-by` must name a declared test case: an unknown one would list no scenario at all. */
export function checkDiscoverBy(criteria: CriteriaSet, discoverBy: string | null): void {
  if (discoverBy === null || criteria.testCases.some((testCase) => testCase.name === discoverBy)) return;
  throw new ConfigError(
    `discoverBy (--discover-by): "${discoverBy}" is not a test case of the criteria, so no scenario would be listed`,
  );
}

function criteriaOf(file: YamlFile): { definition: TestCaseDefinition; path: PropertyKey[] }[] {
  const criteria = validateYaml(file, criteriaFileSchema, (path) => KNOWN_KEYS[path.length] ?? []);
  const blacklist = new Set(criteria.blacklist);
  const names = new Set(criteria.tiers.flatMap((tier) => tier.testcases.map((testCase) => testCase.name)));
  criteria.blacklist.forEach((name, index) => {
    if (!names.has(name)) {
      const place = file.locate(['blacklist', index]);
      throw new ConfigError(
        `blacklist[${index}]: "${name}" is not a test case of this file`,
        file.path,
        place.line,
        place.column,
      );
    }
  });
  return criteria.tiers.flatMap((tier, tierIndex) =>
    tier.testcases.map((testCase, caseIndex) => {
      const path: PropertyKey[] = ['tiers', tierIndex, 'testcases', caseIndex];
      const fail = (field: PropertyKey[], message: string, columnOffset = 0): never => {
        const place = file.locate([...path, ...field]);
        throw new ConfigError(
          `${formatPath([...path, ...field])}: ${message}`,
          file.path,
          place.line,
          place.column + columnOffset,
        );
      };
      const installerPattern = testCase.dependencies?.installer ?? '';
      const scenarioPattern = testCase.dependencies?.scenario ?? '';
      const definition: TestCaseDefinition = {
        name: testCase.name,
        project: testCase.project ?? criteria.project,
        tier: tier.name,
        tierOrder: tier.order,
        tierScored: tier.scored && testCase.scored !== false,
        blacklisted: blacklist.has(testCase.name),
        criteria: parseExpression(testCase.criteria, (message, column) =>
          // The file column of the bad token: the value's column, its opening quote, then the token.
          fail(['criteria'], `${message} in the expression ${JSON.stringify(testCase.criteria)}`, column),
        ),
        criteriaText: testCase.criteria,
        installerPattern,
        scenarioPattern,
        installerRegex: compileRegex(installerPattern, (message) =>
          fail(['dependencies', 'installer'], message),
        ),
        scenarioRegex: compileRegex(scenarioPattern, (message) =>
          fail(['dependencies', 'scenario'], message),
        ),
      };
      return { definition, path };
    }),
  );
}

function parseExpression(text: string, fail: (message: string, column: number) => never) {
  try {
    return parseCriteriaExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) return fail(error.message, error.column);
    throw error;
  }
}

/** '' matches any installer or scenario. */
function compileRegex(pattern: string, fail: (message: string) => never): RegExp | null {
  if (pattern === '') return null;
  try {
    return new RegExp(pattern);
  } catch (error) {
    return fail(`bad regular expression: ${(error as Error).message}`);
  }
}
