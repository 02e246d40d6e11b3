// Whether a test case is meant to run on an installer and scenario: both dependency regexes match
// (an empty pattern matches anything), as the test project's own declarations say.
import type { TestCaseDefinition } from './model.js';

export function checkRunnable(
  testCase: TestCaseDefinition,
  installer: string,
  scenario: string,
): { runnable: true } | { runnable: false; failed: 'installer' | 'scenario'; pattern: string } {
  if (testCase.installerRegex !== null && !matches(testCase.installerRegex, installer)) {
    return { runnable: false, failed: 'installer', pattern: testCase.installerPattern };
  }
  if (testCase.scenarioRegex !== null && !matches(testCase.scenarioRegex, scenario)) {
    return { runnable: false, failed: 'scenario', pattern: testCase.scenarioPattern };
  }
  return { runnable: true };
}

function matches(regex: RegExp, value: string): boolean {
  // A global or sticky regex remembers where it stopped; start from 0 so the answer never depends on history.
  regex.lastIndex = 0;
  return regex.test(value);
}
