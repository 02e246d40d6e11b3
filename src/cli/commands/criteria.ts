// `scenario-report criteria check|explain`: what the criteria files declare, and why a test case counts
// (or not) on one installer and scenario, with its recent runs and points when a source is given.
import { explainScenario, type Explanation } from '../../app/explain.js';
import { loadCriteria, loadFeedbackReports } from '../../config/index.js';
import {
  ConfigError,
  checkRunnable,
  type CriteriaSet,
  type Run,
  type TestCaseDefinition,
} from '../../core/index.js';
import { defineCommand, type CommandArgs } from '../command.js';
import { COMMAND_FLAGS, loggerFromArgs } from '../options.js';
import { textTable } from '../text-table.js';

export const criteriaCommand = defineCommand<
  CommandArgs & { action: string; scenario?: string; json?: boolean }
>({
  command: 'criteria <action>',
  describe: 'check the criteria files, or explain which test cases count on an installer and scenario',
  flags: COMMAND_FLAGS.criteria,
  logs: true,
  options: (yargs) =>
    yargs
      .positional('action', {
        choices: ['check', 'explain'],
        describe: 'check the files, or explain a scenario',
      })
      .option('scenario', { type: 'string', describe: 'scenario to explain' })
      .option('json', { type: 'boolean', describe: 'explain: print the explanation as JSON' }),
  examples: [
    ['$0 criteria check --criteria criteria/', 'validate the files and list the test cases'],
    [
      '$0 criteria check --scenario os-odl_l2-nofeature-ha',
      "the test cases × installers table of one scenario, with each installer's target score",
    ],
    [
      '$0 criteria explain --installer fuel --scenario os-odl_l2-nofeature-ha --version colorado --source file:examples/results.sample.ndjson',
      'why each test case counts there, with its recent runs and points, as the pages score them',
    ],
    [
      '$0 criteria explain --arch-split --installer fuel@aarch64 --scenario os-nosdn-kvm-ha --source file:examples/results.sample.ndjson',
      'one architecture; without --version each version is explained apart',
    ],
  ],
  run: async (args, config) => {
    if (args.action === 'check') {
      const criteria = await loadCriteria(config.criteriaDir);
      const feedback = await loadFeedbackReports(config.criteriaDir, criteria);
      process.stdout.write(formatCriteriaTable(criteria));
      for (const report of feedback)
        process.stdout.write(
          `feedback page ${report.id}: ${report.title}, of ${report.project}/${report.testCase}\n`,
        );
      if (args.scenario !== undefined) {
        const installers = config.installers.length > 0 ? config.installers : COLORADO_INSTALLERS;
        process.stdout.write(`\n${formatScenarioMatrix(criteria, args.scenario, installers)}`);
      }
      return;
    }
    const [installer, ...others] = config.installers;
    if (installer === undefined || others.length > 0 || args.scenario === undefined) {
      throw new ConfigError('criteria explain needs one --installer and a --scenario');
    }
    // Runs are read only when a source was named: the default sample file is not the user's data.
    const readResults =
      args.source !== undefined || !!process.env.RESULTS_SOURCE || !!process.env.MONGODB_URI;
    const explanation = await explainScenario(
      { installer, scenario: args.scenario },
      { config, logger: loggerFromArgs(args), now: Date.now, readResults },
    );
    process.stdout.write(
      args.json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation),
    );
  },
});

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

/** Each version and architecture apart, as the pages show them: points, rule line and runs per test case. */
export function formatExplanation(explanation: Explanation): string {
  const lines = [`${explanation.installer} / ${explanation.scenario}: what the criteria files say`];
  for (const { testCase, standing } of explanation.criteria)
    lines.push(`  ${testCase.padEnd(24)} ${standing}`);
  if (explanation.scored.length === 0)
    lines.push('', 'Name a results source (--source) to see the points and runs.');
  for (const { version, installer, verdict, condition } of explanation.scored) {
    lines.push('', `${version} / ${installer}: ${verdict.score}/${verdict.max} points, ${condition}`);
    for (const test of verdict.tests) {
      const counts = test.scored ? 'scored' : 'shown, never scored';
      lines.push(`  ${test.name.padEnd(24)} ${test.points} (${counts}) ${test.reason}`);
      if (test.runs.length > 0) lines.push(`  ${''.padEnd(24)} runs: ${test.runs.map(runMark).join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function runMark(run: Run): string {
  return `${new Date(run.startedAt).toISOString().slice(0, 16).replace('T', ' ')} ${run.passed ? 'PASS' : 'FAIL'}`;
}
