// The acceptance test of criteria/functest.yaml: the Functest developer guide's table (SEED.md). With
// every Colorado test case run and passing on os-odl_l2-nofeature-ha, each installer scores exactly the
// table's X's: apex 21, compass 15, fuel 18 ("3x6 = 18"), joid 21, and everything else is informative.
import { describe, expect, it } from 'vitest';
import { loadCriteria } from '../../src/config/index.js';
import { buildVerdict, checkRunnable, type Run } from '../../src/core/index.js';
import { AS_OF, DAY, options } from '../support/builders.js';

const SCENARIO = 'os-odl_l2-nofeature-ha';
const INSTALLERS = ['apex', 'compass', 'fuel', 'joid'];
const TABLE: Record<string, string[]> = {
  apex: [
    'copper',
    'odl',
    'rally_sanity',
    'security_scan',
    'tempest_smoke_serial',
    'vping_ssh',
    'vping_userdata',
  ],
  compass: ['odl', 'rally_sanity', 'tempest_smoke_serial', 'vping_ssh', 'vping_userdata'],
  fuel: ['odl', 'promise', 'rally_sanity', 'tempest_smoke_serial', 'vping_ssh', 'vping_userdata'],
  joid: ['copper', 'odl', 'promise', 'rally_sanity', 'tempest_smoke_serial', 'vping_ssh', 'vping_userdata'],
};

describe('the bundled criteria against the seed table', async () => {
  const criteria = await loadCriteria('criteria');
  // Every declared test case, on every installer, passed on each of the last four days.
  const runs: Run[] = INSTALLERS.flatMap((installer) =>
    criteria.testCases.flatMap((testCase) =>
      [4, 3, 2, 1].map((daysAgo) => ({
        version: 'colorado',
        installer,
        scenario: SCENARIO,
        project: testCase.project,
        testCase: testCase.name,
        pod: 'lf-pod2',
        buildTag: `jenkins-functest-${installer}-daily-colorado-${100 - daysAgo}`,
        startedAt: AS_OF - daysAgo * DAY,
        passed: true,
      })),
    ),
  );
  const verdict = buildVerdict(runs, criteria, options({ versions: ['colorado'], installers: INSTALLERS }));
  const scenarioOf = (installer: string) =>
    verdict.versions[0]?.installers.find((entry) => entry.installer === installer)?.scenarios[0];

  it('targets apex 21, compass 15, fuel 18, joid 21, all validated', () => {
    const targets = INSTALLERS.map((installer) => {
      const scenario = scenarioOf(installer);
      return [installer, scenario?.score, scenario?.max, scenario?.validated];
    });
    expect(targets).toEqual([
      ['apex', 21, 21, true],
      ['compass', 15, 15, true],
      ['fuel', 18, 18, true],
      ['joid', 21, 21, true],
    ]);
  });

  it.each(INSTALLERS)(
    '%s scores exactly the X of its column; the rest is shown as informative',
    (installer) => {
      const tests = scenarioOf(installer)?.tests ?? [];
      expect(tests.filter((test) => test.scored).map((test) => test.name)).toEqual(TABLE[installer]);
      const informative = tests.filter((test) => !test.scored).map((test) => test.name);
      expect(informative).toEqual(
        expect.arrayContaining(['healthcheck', 'tempest_full_parallel', 'rally_full', 'vims']),
      );
      expect(tests.filter((test) => !test.scored).every((test) => test.points === 3)).toBe(true);
    },
  );
});

describe('the bundled criteria beyond the table: the Colorado testcases.yaml of 15 July 2016', async () => {
  const criteria = await loadCriteria('criteria');
  const runsOn = (name: string, installer: string, scenario: string) => {
    const testCase = criteria.testCases.find((entry) => entry.name === name);
    if (testCase === undefined) throw new Error(`${name} is not declared`);
    return checkRunnable(testCase, installer, scenario).runnable;
  };

  it.each([
    ['vping_ssh', 'fuel', 'os-odl_l2-bgpvpn-ha', false],
    ['vping_ssh', 'fuel', 'os-odl_l2-nofeature-ha', true],
    ['tempest_smoke_serial', 'apex', 'os-odl_l2-bgpvpn-ha', false],
    ['tempest_smoke_serial', 'apex', 'os-onos-sfc-ha', true],
    ['onos', 'apex', 'os-onos-sfc-ha', true],
    ['onos', 'apex', 'os-odl_l2-nofeature-ha', false],
    ['doctor', 'apex', 'os-nosdn-nofeature-ha', true],
    ['doctor', 'fuel', 'os-nosdn-nofeature-ha', false],
  ] as const)('%s on %s / %s: %s', (name, installer, scenario, expected) => {
    expect(runsOn(name, installer, scenario)).toBe(expected);
  });

  it('scores onos in the SDN suites', () => {
    const onos = criteria.testCases.find((entry) => entry.name === 'onos');
    expect([onos?.tier, onos?.tierScored, onos?.blacklisted]).toEqual(['sdn_suites', true, false]);
  });
});
