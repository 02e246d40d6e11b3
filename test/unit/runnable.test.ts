import { describe, expect, it } from 'vitest';
import { checkRunnable } from '../../src/core/index.js';
import { definition } from '../support/builders.js';

describe('checkRunnable', () => {
  const vimsScenarios = '(ocl)|(nosdn)|^(os-odl)((?!bgpvpn).)*$';
  const cases: [
    string,
    Parameters<typeof definition>[0],
    string,
    string,
    ReturnType<typeof checkRunnable>,
  ][] = [
    ['empty patterns run anywhere', {}, 'fuel', 'os-nosdn-nofeature-ha', { runnable: true }],
    [
      'installer alternative matches',
      { installerPattern: '(fuel)|(joid)' },
      'joid',
      'os-nosdn-nofeature-ha',
      { runnable: true },
    ],
    [
      'installer not listed',
      { installerPattern: '(fuel)|(joid)' },
      'apex',
      'os-nosdn-nofeature-ha',
      { runnable: false, failed: 'installer', pattern: '(fuel)|(joid)' },
    ],
    [
      'scenario lookahead matches',
      { scenarioPattern: vimsScenarios },
      'fuel',
      'os-odl_l2-nofeature-ha',
      { runnable: true },
    ],
    [
      'scenario lookahead refuses bgpvpn',
      { scenarioPattern: vimsScenarios },
      'fuel',
      'os-odl_l2-bgpvpn-ha',
      { runnable: false, failed: 'scenario', pattern: vimsScenarios },
    ],
    [
      'installer is checked before scenario',
      { installerPattern: 'apex', scenarioPattern: 'ocl' },
      'fuel',
      'os-nosdn-nofeature-ha',
      { runnable: false, failed: 'installer', pattern: 'apex' },
    ],
  ];
  it.each(cases)('%s', (_name, fields, installer, scenario, expected) => {
    expect(checkRunnable(definition(fields), installer, scenario)).toEqual(expected);
  });

  it('a global regex gives the same answer every time', () => {
    const testCase = { ...definition({ installerPattern: 'fuel' }), installerRegex: /fuel/g };
    expect([1, 2, 3].map(() => checkRunnable(testCase, 'fuel', 'x').runnable)).toEqual([true, true, true]);
  });
});
