// Writes examples/results.sample.ndjson: two weeks of Colorado results for four installers, with the
// mess real data has (mixed date formats, other criteria words, malformed documents). Deterministic: a
// seeded generator and a fixed calendar, so the committed file is exactly what this script prints.
//   npx tsx scripts/generate-sample.ts --out examples/results.sample.ndjson
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2016, 6, 1);
const DAYS = 14;

/** mulberry32: a tiny seeded generator, the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface SampleTestCase {
  name: string;
  project: string;
  /** Stores success_rate in details (tempest, rally, odl). */
  rate: boolean;
  runsOn: (installer: string, scenario: string) => boolean;
}

const anywhere = () => true;
const TEST_CASES: SampleTestCase[] = [
  { name: 'healthcheck', project: 'functest', rate: false, runsOn: anywhere },
  { name: 'vping_ssh', project: 'functest', rate: false, runsOn: anywhere },
  { name: 'vping_userdata', project: 'functest', rate: false, runsOn: anywhere },
  { name: 'tempest_smoke_serial', project: 'functest', rate: true, runsOn: anywhere },
  { name: 'rally_sanity', project: 'functest', rate: true, runsOn: anywhere },
  { name: 'odl', project: 'functest', rate: true, runsOn: (_i, scenario) => scenario.includes('odl') },
  { name: 'promise', project: 'promise', rate: false, runsOn: (installer) => /fuel|joid/.test(installer) },
  { name: 'doctor', project: 'doctor', rate: false, runsOn: anywhere },
  { name: 'security_scan', project: 'securityscanning', rate: false, runsOn: (i) => i === 'apex' },
  { name: 'copper', project: 'copper', rate: false, runsOn: (i) => i === 'apex' || i === 'joid' },
  { name: 'tempest_full_parallel', project: 'functest', rate: true, runsOn: anywhere },
  { name: 'rally_full', project: 'functest', rate: true, runsOn: anywhere },
  {
    name: 'vims',
    project: 'functest',
    rate: false,
    runsOn: (_i, scenario) => /(ocl)|(nosdn)|^(os-odl)((?!bgpvpn).)*$/.test(scenario),
  },
];

type Health =
  | { kind: 'healthy' }
  | { kind: 'flaky'; test: string; failRate: number }
  | { kind: 'broken'; test: string }
  | { kind: 'pending'; firstDay: number }
  | { kind: 'stale'; lastDay: number }
  | { kind: 'before-window'; lastDay: number }
  | { kind: 'skips'; test: string };

interface SampleScenario {
  version: string;
  installer: string;
  scenario: string;
  pods: string[];
  health: Health;
}

const SCENARIOS: SampleScenario[] = [
  {
    version: 'colorado',
    installer: 'apex',
    scenario: 'os-nosdn-nofeature-ha',
    pods: ['intel-pod7'],
    health: { kind: 'healthy' },
  },
  {
    version: 'colorado',
    installer: 'apex',
    scenario: 'os-odl_l3-nofeature-ha',
    pods: ['intel-pod7'],
    health: { kind: 'flaky', test: 'tempest_smoke_serial', failRate: 0.35 },
  },
  {
    version: 'colorado',
    installer: 'apex',
    scenario: 'os-onos-sfc-ha',
    pods: ['intel-pod7'],
    health: { kind: 'broken', test: 'vping_userdata' },
  },
  {
    version: 'colorado',
    installer: 'compass',
    scenario: 'os-nosdn-nofeature-ha',
    pods: ['huawei-pod1'],
    health: { kind: 'healthy' },
  },
  {
    version: 'colorado',
    installer: 'compass',
    scenario: 'os-odl_l2-nofeature-ha',
    pods: ['huawei-pod1'],
    health: { kind: 'pending', firstDay: 12 },
  },
  {
    version: 'colorado',
    installer: 'compass',
    scenario: 'os-ocl-nofeature-ha',
    pods: ['huawei-pod2'],
    health: { kind: 'stale', lastDay: 10 },
  },
  {
    version: 'colorado',
    installer: 'fuel',
    scenario: 'os-nosdn-nofeature-ha',
    pods: ['lf-pod2'],
    health: { kind: 'healthy' },
  },
  {
    version: 'colorado',
    installer: 'fuel',
    scenario: 'os-odl_l2-nofeature-ha',
    pods: ['lf-pod2', 'ericsson-virtual3'],
    health: { kind: 'flaky', test: 'rally_sanity', failRate: 0.3 },
  },
  {
    version: 'colorado',
    installer: 'fuel',
    scenario: 'os-odl_l2-bgpvpn-ha',
    pods: ['ericsson-pod2'],
    health: { kind: 'before-window', lastDay: 3 },
  },
  {
    version: 'colorado',
    installer: 'fuel',
    scenario: 'os-nosdn-kvm-ha',
    pods: ['lf-pod2', 'arm-pod1'],
    health: { kind: 'healthy' },
  },
  {
    version: 'colorado',
    installer: 'fuel',
    scenario: 'os-nosdn-ovs-noha',
    pods: ['ericsson-pod2'],
    health: { kind: 'skips', test: 'promise' },
  },
  {
    version: 'colorado',
    installer: 'joid',
    scenario: 'os-nosdn-nofeature-ha',
    pods: ['intel-pod5'],
    health: { kind: 'healthy' },
  },
  {
    version: 'colorado',
    installer: 'joid',
    scenario: 'os-odl_l2-nofeature-ha',
    pods: ['intel-pod5'],
    health: { kind: 'broken', test: 'copper' },
  },
  {
    version: 'master',
    installer: 'fuel',
    scenario: 'os-nosdn-nofeature-ha',
    pods: ['lf-pod1'],
    health: { kind: 'flaky', test: 'vping_ssh', failRate: 0.25 },
  },
];

const PASS_WORDS = ['PASS', 'PASS', 'PASS', 'PASSED', 'OK'];
const FAIL_WORDS = ['FAIL', 'FAIL', 'FAILED', 'KO'];

/** start_date as the results database really holds them: six spellings of the same kind of instant. */
export function formatStartDate(instant: number, style: number): unknown {
  const iso = new Date(instant).toISOString();
  const plain = iso.slice(0, 19).replace('T', ' ');
  switch (style % 6) {
    case 0:
      return plain;
    case 1:
      return `${plain}.${String(instant % 1000).padStart(3, '0')}417`;
    case 2:
      return iso;
    case 3: {
      const paris = new Date(instant + 2 * 3_600_000).toISOString().slice(0, 19);
      return `${paris}+02:00`;
    }
    case 4:
      return { $date: iso };
    default:
      return { $date: instant };
  }
}

function runsThatDay(health: Health, day: number): boolean {
  switch (health.kind) {
    case 'pending':
      return day >= health.firstDay;
    case 'stale':
    case 'before-window':
      return day <= health.lastDay;
    default:
      return true;
  }
}

function passes(health: Health, test: string, random: () => number): boolean {
  if (health.kind === 'broken') return health.test !== test;
  if (health.kind === 'flaky' && health.test === test) return random() >= health.failRate;
  return true;
}

const TEMPEST_TESTS = [
  'tempest.api.compute.servers.test_create_server.ServersTestJSON.test_list_servers',
  'tempest.api.network.test_networks.NetworksTest.test_create_update_delete_network_subnet',
  'tempest.api.identity.admin.v2.test_users.UsersTestJSON.test_get_users',
  'tempest.api.volume.test_volumes_actions.VolumesV2ActionsTest.test_attach_detach_volume_to_instance',
  'tempest.scenario.test_server_basic_ops.TestServerBasicOps.test_server_basic_ops',
  'tempest.api.image.v2.test_images.BasicOperationsImagesTest.test_register_upload_get_image_file',
];

/**
 * Tempest details in the two shapes of the real database: documents up to July 11th (tests, failures as a
 * number, errors, duration) and later ones (success_number, failures_number, failures as a list, the
 * duration only as stop_date − start_date). `random` is the details' own stream, so adding them did not
 * move a single pass or failure of the sample.
 */
function tempestDetails(passed: boolean, day: number, duration: number, random: () => number) {
  const tests = 160 + Math.floor(random() * 50);
  const failed = passed ? [] : TEMPEST_TESTS.filter(() => random() < 0.4).slice(0, 4);
  const names = failed.length > 0 || passed ? failed : [TEMPEST_TESTS[0] ?? ''];
  const success_rate = Math.round((1000 * (tests - names.length)) / tests) / 10;
  return day <= 11
    ? { tests, failures: names.length, errors: names, duration, success_rate }
    : { success_number: tests, failures_number: names.length, failures: names, success_rate };
}

/** Share of vIMS runs that fail: a step that never finished, or signaling tests that failed. */
const VIMS_FAIL_RATE = 0.3;

const SIGNALING = ['Call with codec', 'Register', 'Deregister', 'Call after registration', 'SUBSCRIBE'];

/** vIMS: a duration per step (0 when it did not succeed) and the signaling tests' results. */
function vimsDetails(passed: boolean, random: () => number) {
  const seconds = () => 30 + Math.floor(random() * 600);
  const brokenStep = passed ? -1 : Math.floor(random() * 2);
  const result = SIGNALING.map((name) => ({
    name,
    result: !passed && brokenStep === 1 ? 'Failed' : random() < 0.15 ? 'Skipped' : 'Passed',
  }));
  return {
    initialisation: { duration: seconds() },
    orchestrator: { duration: brokenStep === 0 ? 0 : seconds() },
    vIMS: { duration: brokenStep === 0 ? 0 : seconds() },
    sig_test: { duration: brokenStep === 0 ? 0 : seconds(), result },
  };
}

/** Every document of the sample, in the order a results database would return them (by insertion). */
export function sampleDocuments(seed = 2016): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const detailsRandom = seededRandom(seed + 1);
  let malformedTempest = false;
  const hex = () =>
    Math.floor(random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  const builds = new Map<string, number>();
  const documents: Record<string, unknown>[] = [];
  let style = 0;
  for (let day = 1; day <= DAYS; day++) {
    SCENARIOS.forEach((entry, scenarioIndex) => {
      if (!runsThatDay(entry.health, day)) return;
      // Days with no run at all happen: a lab was down or the job was skipped.
      if (random() < 0.06) return;
      const pod = entry.pods[day % entry.pods.length] ?? 'lf-pod1';
      const buildKey = `${entry.installer}-${pod}-${entry.version}`;
      const build = (builds.get(buildKey) ?? 100 + scenarioIndex * 10) + 1;
      builds.set(buildKey, build);
      const start = FIRST_DAY + (day - 1) * DAY + (1 + (scenarioIndex % 6)) * 3_600_000;
      TEST_CASES.forEach((testCase, order) => {
        if (!testCase.runsOn(entry.installer, entry.scenario)) return;
        if (entry.health.kind === 'skips' && entry.health.test === testCase.name) return;
        // vIMS failed often in 2016, whatever the scenario's health: drawn from the details' own stream,
        // so its failures move no other pass or failure of the sample.
        const passed =
          testCase.name === 'vims'
            ? detailsRandom() >= VIMS_FAIL_RATE
            : passes(entry.health, testCase.name, random);
        const instant = start + order * 7 * 60_000 + Math.floor(random() * 60_000);
        const words = passed ? PASS_WORDS : FAIL_WORDS;
        const duration = Math.floor(60 + random() * 1800);
        let details: unknown = testCase.rate
          ? {
              success_rate: passed ? 100 : 80 + Math.floor(random() * 15),
              duration,
              failures: passed ? [] : ['tempest.api.compute.test_servers'],
            }
          : { status: passed ? 'PASS' : 'FAIL', duration };
        if (testCase.name === 'tempest_smoke_serial')
          details = tempestDetails(passed, day, duration, detailsRandom);
        if (testCase.name === 'vims') details = vimsDetails(passed, detailsRandom);
        // One failed Tempest run whose details are a crash message, as real data has: shown as unreadable.
        if (testCase.name === 'tempest_smoke_serial' && !passed && day >= 10 && !malformedTempest) {
          malformedTempest = true;
          details = 'tempest crashed before writing its results: see the job log';
        }
        documents.push({
          _id: { $oid: `57${hex()}${hex()}${hex()}`.slice(0, 24) },
          project_name: testCase.project,
          case_name: testCase.name,
          installer: entry.installer,
          version: entry.version,
          scenario: entry.scenario,
          pod_name: pod,
          build_tag: `jenkins-functest-${entry.installer}-${pod}-daily-${entry.version}-${build}`,
          criteria: words[Math.floor(random() * words.length)],
          start_date: formatStartDate(instant, style++),
          stop_date: formatStartDate(instant + duration * 1000, style),
          details,
        });
      });
    });
  }
  return [...documents, ...malformedDocuments()];
}

/** One of each thing the job must reject and count, plus a criteria word nobody knows. */
function malformedDocuments(): Record<string, unknown>[] {
  const base = {
    project_name: 'functest',
    case_name: 'vping_ssh',
    installer: 'joid',
    version: 'colorado',
    scenario: 'os-odl_l2-nofeature-ha',
    pod_name: 'intel-pod5',
    build_tag: 'jenkins-functest-joid-intel-pod5-daily-colorado-999',
    criteria: 'PASS',
    start_date: '2016-07-13 08:00:00',
    details: {},
  };
  const without = (field: keyof typeof base) => {
    const copy: Record<string, unknown> = { ...base };
    delete copy[field];
    return copy;
  };
  return [
    without('installer'),
    without('scenario'),
    without('version'),
    without('case_name'),
    without('start_date'),
    { ...base, start_date: 'yesterday at noon' },
    { ...base, start_date: '2016-07-13 09:00:00', criteria: 'MAYBE' },
  ];
}

export function sampleNdjson(): string {
  return `${sampleDocuments()
    .map((document) => JSON.stringify(document))
    .join(
      '\n',
    )}\n{"installer": "fuel", "scenario": "os-nosdn-nofeature-ha", "version": "colorado", "case_name":\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
  if (out) writeFileSync(out, sampleNdjson());
  else process.stdout.write(sampleNdjson());
}
