// The shapes of real result documents on which the Mongo source used to disagree with the file
// source (issue 14), each as the same documents through the file, Mongo and results-API sources.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultDocument } from '../support/builders.js';
import { startThreeSources, type ThreeSources } from '../support/three-sources.js';

let sources: ThreeSources;

const HOUR = 3_600_000;
const AS_OF = Date.parse('2016-07-14T23:59:59Z');

/** A vping_userdata result of functest on fuel/colorado/os-nosdn-nofeature-ha `hoursAgo` before asOf. */
function documentHoursAgo(hoursAgo: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return resultDocument({
    case_name: 'vping_userdata',
    build_tag: `jenkins-functest-fuel-lf-pod2-daily-colorado-${hoursAgo}`,
    start_date: new Date(AS_OF - hoursAgo * HOUR),
    ...fields,
  });
}

async function agreeing(documents: Record<string, unknown>[], overrides = {}) {
  const { file, mongo, api } = await sources.statuses(documents, overrides);
  expect(mongo).toBe(file);
  expect(api).toBe(file);
  return JSON.parse(file) as {
    documents: {
      used: number;
      rejected: number;
      rejectedReasons: Record<string, number>;
      duplicates: number;
    };
    versions: {
      installers: { installer: string; scenarios: { scenario: string; score: number; runs: number }[] }[];
    }[];
  };
}

const scenarioOf = (status: Awaited<ReturnType<typeof agreeing>>) =>
  status.versions[0]?.installers[0]?.scenarios[0];

// In insertion order, and newest-inserted first: no case may pass only because of the order of ties.
describe.each([false, true])(
  'file, Mongo and results API agree (reversed order: %s)',
  (reverseNaturalOrder) => {
    beforeAll(async () => {
      sources = await startThreeSources({ reverseNaturalOrder });
    });

    afterAll(async () => {
      await sources.close();
    });

    it('case 1: start_date strings with a UTC offset rank by their instant, not their wall-clock text', async () => {
      // 18:00+09:00 is 09:00Z: older than the two failures at 12:00Z and 10:00Z; maxRuns 2 keeps those.
      const status = await agreeing(
        [
          documentHoursAgo(10, {
            start_date: '2016-07-14T18:00:00+09:00',
            criteria: 'PASS',
            build_tag: 'offset',
          }),
          documentHoursAgo(11, { criteria: 'FAIL' }),
          documentHoursAgo(13, { criteria: 'FAIL' }),
        ],
        { maxRuns: 2 },
      );
      expect(scenarioOf(status)?.runs).toBe(2);
      expect(status.documents.used).toBe(2);
      expect(JSON.stringify(status)).not.toContain('"offset"');
    });

    it('case 2: --exclude-virtual leaves virtual pods out before the newest maxRuns are kept', async () => {
      const virtual = [1, 2, 3].map((h) =>
        documentHoursAgo(h, { pod_name: 'virtual-pod1', criteria: 'FAIL' }),
      );
      const real = [4, 5, 6].map((h) => documentHoursAgo(h));
      const status = await agreeing([...virtual, ...real], { maxRuns: 3, excludeVirtual: true });
      expect(scenarioOf(status)?.runs).toBe(3);
      expect(status.documents.used).toBe(3);
    });

    it('case 3: the same instant as a string without milliseconds and as a BSON date ties as in the file source', async () => {
      const status = await agreeing(
        [
          documentHoursAgo(10, {
            start_date: '2016-07-14 13:59:59',
            build_tag: 'b-string',
            criteria: 'PASS',
          }),
          documentHoursAgo(10, { build_tag: 'a-bson', criteria: 'FAIL' }),
          documentHoursAgo(20),
        ],
        { maxRuns: 1 },
      );
      expect(JSON.stringify(status)).toContain('b-string');
      expect(JSON.stringify(status)).not.toContain('a-bson');
    });

    it('case 4: documents without project_name count by their case name when only one test case has it', async () => {
      const documents = [1, 2, 3, 4].map((h) => {
        const document = documentHoursAgo(h);
        delete document.project_name;
        return document;
      });
      // vping_ssh is a functest and a yardstick test case: without project_name it is no one's.
      const ambiguous = documentHoursAgo(5, { case_name: 'vping_ssh' });
      delete ambiguous.project_name;
      const status = await agreeing([...documents, ambiguous]);
      expect(status.documents.used).toBe(4);
    });

    it('case 5: a start_date the pipeline cannot read costs one rejection, never the run', async () => {
      const poison = [
        documentHoursAgo(2, { start_date: ['2016-07-14'] }),
        documentHoursAgo(2, { start_date: { when: 'today' } }),
        documentHoursAgo(2, { start_date: 1468540799000 }),
        documentHoursAgo(2, { start_date: true }),
        documentHoursAgo(2, { start_date: '2016-02-30 10:00:00' }),
      ];
      const status = await agreeing([documentHoursAgo(1), ...poison]);
      expect(status.documents).toMatchObject({
        used: 1,
        rejected: 5,
        rejectedReasons: { 'bad start_date': 5 },
      });
    });

    it('case 6: what the server leaves out is counted by reason, as the file source counts it', async () => {
      const status = await agreeing([
        documentHoursAgo(1),
        documentHoursAgo(2, { version: undefined }),
        documentHoursAgo(2, { version: ['colorado'] }),
        documentHoursAgo(2, { installer: '  ' }),
        documentHoursAgo(2, { scenario: 7 }),
        documentHoursAgo(2, { start_date: null }),
        documentHoursAgo(2, { start_date: 'yesterday at noon' }),
        documentHoursAgo(2, { case_name: 42 }),
        documentHoursAgo(2, { case_name: 'not_in_the_criteria', installer: null }),
        documentHoursAgo(400, { installer: null }),
      ]);
      expect(status.documents).toEqual({
        used: 1,
        rejected: 6,
        rejectedReasons: {
          'bad start_date': 1,
          'no installer': 1,
          'no scenario': 1,
          'no start_date': 1,
          'no version': 2,
        },
        failedReasons: {},
        duplicates: 0,
        installers: null,
      });
    });

    it('case 7: a run read more than once is used once and counted as duplicates, never pushing a run out', async () => {
      const newest = documentHoursAgo(1);
      const status = await agreeing(
        [
          newest,
          { ...newest },
          // The same instant as text: the same run.
          { ...newest, start_date: '2016-07-14T22:59:59Z' },
          documentHoursAgo(2),
          documentHoursAgo(2),
          documentHoursAgo(2, { build_tag: 'another-build-at-the-same-time' }),
          documentHoursAgo(3),
          documentHoursAgo(3),
        ],
        { maxRuns: 3 },
      );
      expect(status.documents).toMatchObject({ used: 3, duplicates: 3 });
      expect(scenarioOf(status)?.runs).toBe(3);
      expect(JSON.stringify(status)).not.toContain('colorado-3"');
    });

    it('Europe/Paris: naive dates are read in the data zone on both sides of the end of summer time', async () => {
      const paris = (start_date: string, build_tag: string) => documentHoursAgo(0, { start_date, build_tag });
      const status = await agreeing(
        [
          // 23:30Z the day before the window: outside, though its UTC reading would be inside.
          paris('2016-10-25 01:30:00', 'before-window'),
          // 23:30Z on the last day: inside, though its UTC reading would be after asOf.
          paris('2016-11-04 00:30:00', 'last-evening'),
          // The hour lived twice: read as winter time (01:30Z), newer than 00:30Z in summer time.
          paris('2016-10-30 02:30:00', 'twice-lived'),
          paris('2016-10-30 02:30:00+02:00', 'summer-offset'),
          paris('2016-10-29 23:00:00', 'saturday'),
        ],
        { asOf: '2016-11-03T23:59:59Z', dataTimeZone: 'Europe/Paris', maxRuns: 2 },
      );
      const text = JSON.stringify(status);
      expect(text).toContain('last-evening');
      expect(text).toContain('twice-lived');
      expect(text).not.toContain('summer-offset');
      expect(text).not.toContain('before-window');
      expect(status.documents.used).toBe(2);
    });

    describe('counterexamples the differential property found', () => {
      it('a version that is an array naming another version is rejected once, not once per version', async () => {
        // Found as: a server's aggregation $eq does not match an array by its element; mingo's did.
        const status = await agreeing([
          documentHoursAgo(3),
          documentHoursAgo(0, { version: ['fuel'], criteria: 'FAIL' }),
        ]);
        expect(status.documents).toMatchObject({
          used: 1,
          rejected: 1,
          rejectedReasons: { 'no version': 1 },
        });
      });
    });
  },
);
