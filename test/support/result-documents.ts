// Test infrastructure: fast-check arbitraries for sets of result documents of every shape the file
// source accepts — every date spelling, offsets, BSON dates, one instant in two spellings, naive dates
// in a zone with a DST change in the window, documents without project_name, virtual, noha and ARM
// pods, duplicates, equal timestamps, and a poison value of every JSON type in every identity field —
// with the configurations that change which runs count.
import fc from 'fast-check';
import type { ReportingConfig } from '../../src/config/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Two report days: UTC in July 2016, and Paris across the end of summer time (30 October 2016). */
export const DAYS = {
  UTC: '2016-07-14T23:59:59Z',
  'Europe/Paris': '2016-11-03T23:59:59Z',
} as const;

type Zone = keyof typeof DAYS;

/** The test cases of three-sources' criteria; vping_ssh is in both projects. */
const TEST_CASES = [
  ['functest', 'vping_userdata'],
  ['functest', 'vping_ssh'],
  ['functest', 'tempest_smoke_serial'],
  ['yardstick', 'vping_ssh'],
  ['yardstick', 'ping'],
] as const;

const POISON: unknown[] = [
  undefined,
  null,
  0,
  42.5,
  true,
  false,
  '',
  '   ',
  [],
  ['fuel'],
  {},
  { name: 'fuel' },
];
const IDENTITY = ['installer', 'scenario', 'version', 'case_name', 'project_name', 'start_date', 'pod_name'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock fields of an instant shifted by `offsetMs`. */
function wall(instant: number, offsetMs: number) {
  const d = new Date(instant + offsetMs);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    millis: pad(d.getUTCMilliseconds(), 3),
  };
}

/** How far Paris is ahead of UTC at an instant in autumn 2016 (summer time ended 2016-10-30T01:00Z). */
const parisOffset = (instant: number) => (instant < Date.parse('2016-10-30T01:00:00Z') ? 2 : 1) * HOUR;

/** One instant written one of the ways the file source reads. */
function spelled(instant: number, spelling: number, zone: Zone): unknown {
  const utc = wall(instant, 0);
  const local = wall(instant, zone === 'UTC' ? 0 : parisOffset(instant));
  const tokyo = wall(instant, 9 * HOUR);
  const newYork = wall(instant, -4 * HOUR);
  const india = wall(instant, 5.5 * HOUR);
  switch (spelling) {
    case 0:
      return new Date(instant);
    case 1:
      return `${utc.date}T${utc.time}.${utc.millis}Z`;
    case 2:
      return `${utc.date}T${utc.time}Z`;
    case 3:
      return `${local.date} ${local.time}`;
    case 4:
      return `${tokyo.date}T${tokyo.time}+09:00`;
    case 5:
      return `${india.date}T${india.time}.${utc.millis}+0530`;
    case 6:
      return `${newYork.date}t${newYork.time},${utc.millis}999-04`;
    case 7:
      return ` ${local.date}T${local.time}.${utc.millis} `;
    default:
      return `${local.date} ${local.time.slice(0, 5)}`;
  }
}

export interface Case {
  zone: Zone;
  overrides: Partial<ReportingConfig>;
  documents: Record<string, unknown>[];
}

const document = (zone: Zone, instants: number[]) =>
  fc
    .record({
      testCase: fc.constantFrom(...TEST_CASES),
      withProject: fc.constantFrom('yes', 'yes', 'yes', 'missing', 'blank'),
      installer: fc.constantFrom('fuel', 'apex'),
      scenario: fc.constantFrom('os-nosdn-nofeature-ha', 'os-odl_l2-noha'),
      version: fc.constantFrom('colorado', 'colorado', 'danube'),
      pod: fc.constantFrom('lf-pod2', 'huawei-pod1', 'arm-pod1', 'Virtual-pod3', 'virtual-ARM'),
      build: fc.integer({ min: 1, max: 4 }),
      passed: fc.boolean(),
      instant: fc.constantFrom(...instants),
      spelling: fc.integer({ min: 0, max: 8 }),
      poison: fc.option(fc.tuple(fc.constantFrom(...IDENTITY), fc.constantFrom(...POISON)), { freq: 4 }),
    })
    .map((r) => {
      const [project, caseName] = r.testCase;
      const result: Record<string, unknown> = {
        case_name: caseName,
        installer: r.installer,
        version: r.version,
        scenario: r.scenario,
        pod_name: r.pod,
        build_tag: `jenkins-${r.installer}-${r.pod}-daily-${r.build}`,
        criteria: r.passed ? 'PASS' : 'FAIL',
        start_date: spelled(r.instant, r.spelling, zone),
        details: { success_rate: r.passed ? 100 : 92.5 },
      };
      if (r.withProject === 'yes') result.project_name = project;
      if (r.withProject === 'blank') result.project_name = ' ';
      if (r.poison) {
        const [field, value] = r.poison;
        if (value === undefined) delete result[field];
        else result[field] = value;
      }
      return result;
    });

/** A set of documents, some of them repeated, and the options that change which runs count. */
export function resultCases(): fc.Arbitrary<Case> {
  return fc.constantFrom<Zone>('UTC', 'Europe/Paris').chain((zone) => {
    const asOf = Date.parse(DAYS[zone]);
    // Few instants, so equal timestamps are common: inside the window, on its edges, just outside.
    const instants = [
      asOf,
      asOf - 1,
      asOf - 90 * 60_000,
      asOf - 2 * HOUR,
      asOf - DAY,
      asOf - 4 * DAY - 30 * 60_000,
      asOf - 5 * DAY,
      asOf - 9 * DAY,
      asOf - 10 * DAY,
      asOf - 10 * DAY + 1000,
      asOf - 11 * DAY,
      asOf + HOUR,
      // The hour Paris lives twice and the hour before it.
      Date.parse('2016-10-30T00:30:00Z'),
      Date.parse('2016-10-30T01:30:00Z'),
    ];
    return fc.record({
      zone: fc.constant(zone),
      overrides: fc.record({
        asOf: fc.constant(DAYS[zone]),
        dataTimeZone: fc.constant(zone),
        excludeVirtual: fc.boolean(),
        excludeNoha: fc.boolean(),
        archSplit: fc.boolean(),
      }),
      documents: fc
        .array(document(zone, instants), { minLength: 1, maxLength: 30 })
        .chain((documents) =>
          fc
            .subarray(documents, { maxLength: Math.min(5, documents.length) })
            .map((repeated) => [anchor(asOf), ...documents, ...repeated.map((d) => ({ ...d }))]),
        ),
    });
  });
}

/** One usable run in the window, so every source has something to report (an empty report is another issue). */
function anchor(asOf: number): Record<string, unknown> {
  return {
    project_name: 'functest',
    case_name: 'vping_userdata',
    installer: 'fuel',
    version: 'colorado',
    scenario: 'os-nosdn-nofeature-ha',
    pod_name: 'lf-pod2',
    build_tag: 'jenkins-anchor',
    criteria: 'PASS',
    start_date: new Date(asOf - 3 * HOUR),
  };
}
