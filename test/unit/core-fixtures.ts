// Tiny factories for the core's unit tests: each takes only the fields a test cares about.
import { parseCriteriaExpression } from '../../src/core/index.js';
import type { Run, ScoringOptions, TestCaseDefinition } from '../../src/core/index.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const AS_OF = Date.UTC(2016, 6, 14, 23, 59, 59);

export function definition(
  fields: Partial<Omit<TestCaseDefinition, 'criteria'>> & { criteria?: string } = {},
): TestCaseDefinition {
  const { criteria = 'status == "PASS"', installerPattern = '', scenarioPattern = '', ...rest } = fields;
  return {
    name: 'healthcheck',
    project: 'functest',
    tier: 'healthcheck',
    tierOrder: 0,
    tierScored: true,
    blacklisted: false,
    criteria: parseCriteriaExpression(criteria),
    criteriaText: criteria,
    installerPattern,
    scenarioPattern,
    installerRegex: installerPattern === '' ? null : new RegExp(installerPattern),
    scenarioRegex: scenarioPattern === '' ? null : new RegExp(scenarioPattern),
    ...rest,
  };
}

/** A run `hoursAgo` before AS_OF (fractions allowed); passes unless told otherwise. */
export function run(fields: Partial<Run> & { hoursAgo?: number } = {}): Run {
  const { hoursAgo = 1, ...rest } = fields;
  return {
    version: 'master',
    installer: 'fuel',
    scenario: 'os-nosdn-nofeature-ha',
    project: 'functest',
    testCase: 'healthcheck',
    pod: 'lf-pod2',
    buildTag: `jenkins-functest-fuel-baremetal-daily-master-${1000 - Math.round(hoursAgo)}`,
    startedAt: AS_OF - hoursAgo * HOUR,
    passed: true,
    ...rest,
  };
}

/** Runs one day apart, newest last: `history('PPPF')` is three passes then a failure yesterday. */
export function history(pattern: string, fields: Partial<Run> = {}): Run[] {
  return [...pattern].map((mark, i) =>
    run({ ...fields, passed: mark === 'P', hoursAgo: (pattern.length - i) * 24 - 12 }),
  );
}

export function options(fields: Partial<ScoringOptions> = {}): ScoringOptions {
  return {
    asOf: AS_OF,
    periodDays: 10,
    maxRuns: 10,
    rule: 'documented',
    originalLastRuns: 4,
    discoverBy: null,
    staleHours: 48,
    excludeNoha: false,
    excludeVirtual: false,
    archSplit: false,
    versions: [],
    installers: [],
    ...fields,
  };
}
