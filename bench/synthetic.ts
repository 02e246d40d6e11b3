// Deterministic synthetic results for the benchmarks: 4 versions × 6 installers × 30 scenarios × 30
// test cases over 200 days, with realistic `details` (tempest-like lists of failed tests). The same
// size always gives the same bytes, so figures can be compared between runs and machines.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { formatStartDate, seededRandom } from '../scripts/generate-sample.js';

export const VERSIONS = ['colorado', 'danube', 'euphrates', 'master'];
export const INSTALLERS = ['apex', 'compass', 'daisy', 'fuel', 'joid', 'netvirt'];
export const SCENARIOS = Array.from(
  { length: 30 },
  (_, i) =>
    `os-${['nosdn', 'odl_l2', 'odl_l3', 'onos', 'ocl'][i % 5]}-feature${Math.floor(i / 5)}-${i % 2 ? 'noha' : 'ha'}`,
);
export const TEST_CASES = Array.from({ length: 30 }, (_, i) => `test_case_${String(i).padStart(2, '0')}`);
export const DAYS = 200;
/** The report instant: the end of the last synthetic day. */
export const AS_OF = '2017-07-19T23:59:59Z';
const LAST_DAY = Date.parse('2017-07-19T00:00:00Z');
const DAY = 86_400_000;

/** The criteria of the synthetic tests: tiers of ten, every third test scored by success rate. */
export function benchCriteria(): string {
  const tier = (name: string, order: number, tests: string[]) =>
    [
      `  - name: ${name}`,
      `    order: ${order}`,
      '    testcases:',
      ...tests.flatMap((test, i) => [
        `      - name: ${test}`,
        `        criteria: '${i % 3 === 0 ? 'success_rate >= 90%' : 'status == "PASS"'}'`,
      ]),
    ].join('\n');
  return [
    'project: functest',
    'tiers:',
    tier('smoke', 0, TEST_CASES.slice(0, 10)),
    tier('features', 1, TEST_CASES.slice(10, 20)),
    tier('openstack', 2, TEST_CASES.slice(20)),
    '',
  ].join('\n');
}

/**
 * Writes `count` documents as NDJSON. Runs are spread evenly over the combinations and the 200 days,
 * newest last, so any size keeps every combination and the 10-day window holds ~5% of them.
 */
export async function writeSynthetic(path: string, count: number): Promise<void> {
  const random = seededRandom(count);
  const combos = VERSIONS.length * INSTALLERS.length * SCENARIOS.length * TEST_CASES.length;
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let lines: string[] = [];
  for (let n = 0; n < count; n++) {
    const combo = n % combos;
    const round = Math.floor(n / combos);
    const rounds = Math.ceil(count / combos);
    const test = TEST_CASES[combo % TEST_CASES.length] as string;
    const scenario = SCENARIOS[Math.floor(combo / TEST_CASES.length) % SCENARIOS.length] as string;
    const installer = INSTALLERS[
      Math.floor(combo / (TEST_CASES.length * SCENARIOS.length)) % INSTALLERS.length
    ] as string;
    const version = VERSIONS[
      Math.floor(combo / (TEST_CASES.length * SCENARIOS.length * INSTALLERS.length))
    ] as string;
    const dayBack = Math.floor(((rounds - 1 - round) * DAYS) / rounds);
    const instant = LAST_DAY - dayBack * DAY + Math.floor(random() * 20 * 3_600_000);
    const passed = random() > 0.08;
    const failures = passed
      ? []
      : Array.from(
          { length: 1 + Math.floor(random() * 6) },
          (_, i) => `tempest.api.compute.servers.test_${i}_${Math.floor(random() * 1e6)}`,
        );
    lines.push(
      JSON.stringify({
        _id: { $oid: n.toString(16).padStart(24, '0') },
        project_name: 'functest',
        case_name: test,
        installer,
        version,
        scenario,
        pod_name: `${installer}-pod${1 + (n % 3)}`,
        build_tag: `jenkins-functest-${installer}-baremetal-daily-${version}-${1000 + round}`,
        criteria: passed ? 'PASS' : 'FAIL',
        start_date: formatStartDate(instant, n),
        stop_date: formatStartDate(instant + 600_000, n),
        details: {
          success_rate: passed ? 100 : 70 + Math.floor(random() * 20),
          duration: 100 + Math.floor(random() * 3000),
          tests: 120 + Math.floor(random() * 40),
          failures,
          errors: passed ? [] : ['Timeout waiting for server to become ACTIVE'],
          skipped: [
            'tempest.api.network.test_ipv6.NetworksIpV6Test.test_create_delete_subnet_with_v6_attributes',
            'tempest.api.compute.admin.test_live_migration.LiveBlockMigrationTestJSON.test_live_migration',
            'tempest.api.object_storage.test_container_sync.ContainerSyncTest.test_container_synchronization',
          ],
          environment: {
            pod: `${installer}-pod${1 + (n % 3)}`,
            nodes: 5,
            arch: 'x86_64',
            ha: scenario.endsWith('-ha'),
          },
        },
      }),
    );
    if (lines.length === 2000) {
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
      lines = [];
    }
  }
  if (lines.length > 0) out.write(`${lines.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}

export async function writeBenchCriteria(dir: string): Promise<string> {
  const criteria = join(dir, 'criteria');
  await mkdir(criteria, { recursive: true });
  await writeFile(join(criteria, 'bench.yaml'), benchCriteria());
  return criteria;
}
