// `scenario-report criteria check|explain`: what the criteria files declare, and why a test case counts
// (or not) on one installer and scenario, with its recent runs and points when a source is given.
import type { Argv, CommandModule } from 'yargs';
import { readScenarioRuns } from '../../app/read-runs.js';
import { loadCriteria, parseAsOf, scoringOptionsOf, type ReportingConfig } from '../../config/index.js';
import {
  ConfigError,
  checkRunnable,
  scoreTestCase,
  type CriteriaSet,
  type Run,
  type TestCaseDefinition,
} from '../../core/index.js';
import { configFromArgs, withConfigOptions, type ConfigArgs } from '../options.js';
import { textTable } from '../text-table.js';

interface CriteriaArgs extends ConfigArgs {
  action: string;
  scenario?: string;
}

export const criteriaCommand: CommandModule<object, CriteriaArgs> = {
  command: 'criteria <action>',
  describe: 'check the criteria files, or explain which test cases count on an installer and scenario',
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .positional('action', {
        choices: ['check', 'explain'],
        describe: 'check the files, or explain a scenario',
      })
      .option('scenario', { type: 'string', describe: 'scenario to explain' })
      .example('$0 criteria check --criteria criteria/', 'validate the files and list the test cases')
      .example(
        '$0 criteria check --scenario os-odl_l2-nofeature-ha',
        "the test cases × installers table of one scenario, with each installer's target score",
      )
      .example(
        '$0 criteria explain --installer fuel --scenario os-odl_l2-nofeature-ha --version colorado --source file:examples/results.sample.ndjson',
        'why each test case counts there, with its recent runs and points',
      ) as Argv<CriteriaArgs>,
  handler: async (args) => {
    const config = await configFromArgs(args);
    const criteria = await loadCriteria(config.criteriaDir);
    if (args.action === 'check') {
      process.stdout.write(formatCriteriaTable(criteria));
      if (args.scenario !== undefined) {
        const installers = config.installers.length > 0 ? config.installers : COLORADO_INSTALLERS;
        process.stdout.write(`\n${formatScenarioMatrix(criteria, args.scenario, installers)}`);
      }
      return;
    }
    const [installer] = config.installers;
    if (installer === undefined || args.scenario === undefined) {
      throw new ConfigError('criteria explain needs --installer and --scenario');
    }
    // Runs are read only when a source was named: the default sample file is not the user's data.
    const sourceGiven =
      args.source !== undefined || !!process.env.RESULTS_SOURCE || !!process.env.MONGODB_URI;
    const runs = sourceGiven
      ? await readScenarioRuns(config, criteria, { installer, scenario: args.scenario, now: Date.now() })
      : null;
    process.stdout.write(explainScenario(criteria, installer, args.scenario, runs, config));
  },
};

function statusOf(testCase: TestCaseDefinition): string {
  if (testCase.blacklisted) return 'blacklisted';
  return testCase.tierScored ? 'scored' : 'informative';
}

export function formatCriteriaTable(criteria: CriteriaSet): string {
  const header = ['tier', 'test case', 'project', 'counts', 'criteria', 'installer', 'scenario'];
  const rows = criteria.testCases.map((testCase) => [
    `${testCase.tierOrder} ${testCase.tier}`,
    testCase.name,
    testCase.project,
    statusOf(testCase),
    testCase.criteriaText,
    testCase.installerPattern || 'any',
    testCase.scenarioPattern || 'any',
  ]);
  const counts = (status: string) => rows.filter((row) => row[3] === status).length;
  return `${textTable(header, rows)}${criteria.testCases.length} test cases: ${counts('scored')} scored, ${counts('informative')} informative, ${counts('blacklisted')} blacklisted\n`;
}

/** The columns of the developer guide's table when no --installer is given. */
const COLORADO_INSTALLERS = ['apex', 'compass', 'fuel', 'joid'];

/**
 * The developer guide's table for one scenario: X where a test case is scored on the installer, `i` where
 * it runs but is informative (its points never count), blank where it does not run; then each target.
 */
export function formatScenarioMatrix(
  criteria: CriteriaSet,
  scenario: string,
  installers: readonly string[],
): string {
  const bases = installers.map((installer) => installer.split('@')[0] ?? installer);
  const cellOf = (testCase: TestCaseDefinition, installer: string): string => {
    if (!checkRunnable(testCase, installer, scenario).runnable) return '';
    return statusOf(testCase) === 'scored' ? 'X' : 'i';
  };
  const rows = criteria.testCases
    .map((testCase) => [testCase.name, ...bases.map((installer) => cellOf(testCase, installer))])
    .filter((row) => row.slice(1).some((cell) => cell !== ''));
  const targets = bases.map((_, i) => String(3 * rows.filter((row) => row[i + 1] === 'X').length));
  return `${scenario}: X scored, i informative (shown, never counted), blank not runnable\n${textTable(
    ['test case', ...installers],
    [...rows, ['target', ...targets]],
  )}`;
}

export function explainScenario(
  criteria: CriteriaSet,
  installer: string,
  scenario: string,
  runs: Run[] | null,
  config: ReportingConfig,
): string {
  const base = installer.split('@')[0] ?? installer;
  const lines = [`${base} / ${scenario}`, ''];
  const asOf = parseAsOf(config.asOf, Date.now());
  for (const testCase of criteria.testCases) {
    const runnable = checkRunnable(testCase, base, scenario);
    let verdict: string;
    if (!runnable.runnable) {
      verdict = `not runnable: ${runnable.failed} "${runnable.failed === 'installer' ? base : scenario}" does not match /${runnable.pattern}/`;
    } else if (testCase.blacklisted) {
      verdict = 'runnable, blacklisted: shown when it ran, never scored';
    } else if (!testCase.tierScored) {
      verdict = 'runnable, informative: shown when it ran, never scored';
    } else {
      verdict = 'runnable, scored';
    }
    lines.push(`${testCase.name.padEnd(24)} ${verdict}`);
    if (runs !== null && runnable.runnable) {
      const own = runs.filter((run) => run.testCase === testCase.name && run.project === testCase.project);
      const scored = scoreTestCase(own, scoringOptionsOf(config, asOf));
      const history = scored.runs
        .map(
          (run) =>
            `${new Date(run.startedAt).toISOString().slice(0, 16).replace('T', ' ')} ${run.passed ? 'PASS' : 'FAIL'}`,
        )
        .join(', ');
      lines.push(`${''.padEnd(24)} ${scored.reason}${history ? ` — runs: ${history}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
