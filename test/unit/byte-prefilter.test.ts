// The byte pre-filter drops exactly the lines the text pre-filter drops, for the same reason: judged
// alone, or among the other lines of one chunk (where it remembers where the next key is).
import { describe, expect, it } from 'vitest';
import { bytePrefilter } from '../../src/sources/file/byte-prefilter.js';
import { textPrefilter } from '../../src/sources/file/prefilter.js';
import type { ResultsQuery } from '../../src/sources/index.js';

const DAY = 86_400_000;
const TO = Date.parse('2016-07-15T00:00:00Z');
const query: ResultsQuery = {
  versions: ['danube'],
  // A partial run's: some installers only.
  installers: ['apex'],
  projects: ['functest'],
  testCases: ['vping_ssh'],
  testCaseKeys: [{ project: 'functest', name: 'vping_ssh' }],
  from: TO - 10 * DAY,
  to: TO,
  maxRuns: 10,
  detailsPaths: [],
  groupByPod: false,
};
const OID = '{"_id":{"$oid":"5785b7b7a3a7a95e5b5a0c01"},';
const old = '"start_date":"2016-05-01 06:00:00"';
const recent = '"start_date":"2016-07-13 06:00:00"';

const lines = [
  `${OID}"version":"danube",${old},"details":{"a":1}}`,
  `${OID}"version":"danube",${recent},"details":{"a":1}}`,
  `${OID}"version":"colorado",${recent}}`,
  `{"version":"colorado","version":"danube",${old}}`,
  `{"version":"dan\\"ube",${old}}`,
  `{"version":"danube","start_date":{"$date":"2016-05-01T06:00:00Z"}}`,
  `{"version":"danube","start_date":{"$date":1462082400000}}`,
  `{"version":"danube","start_date":{"$date":-5}}`,
  `{"version":"danube","start_date":{"$date":1.4e12}}`,
  `{"version":"danube","start_date":{"$date":{"$numberLong":"1462082400000"}}}`,
  `{"version":"danube",${old},${recent}}`,
  `{"version":"danube","last_start_date":"2016-05-01 06:00:00",${recent}}`,
  `{"version":"danube","restart_date":"2016-07-13 06:00:00",${old}}`,
  `{"version":"danube",${old},"note":"caf\\u00e9"}`,
  `{"version":"danube","details":{${old}}}`,
  `{"version":"danube","tags":["x"],${old}}`,
  `{"version":"danube","start_date":   "2016-05-01 06:00:00"}`,
  `{"version":"danube","start_date":"last tuesday"}`,
  `{"version":"danube","start_date":"2016-05-01 06:00:00\\n"}`,
  `{"version":"danubé",${old}}`,
  `{"scenario":"os-é-ha","version":"danube",${old}}`,
  `  \r{"version":"danube",${old}}  `,
  `\ufeff{"version":"danube",${old}}`,
  `{"version":"danube",${old}`,
  `{"version":"danube","start_date":"2016-05-01`,
  `{"version":"danube","start_date":{"$date":`,
  `[{"version":"danube",${old}}]`,
  'not json at all',
  '   ',
  `{"version":"danube","start_date":"2016-07-16 06:00:00"}`,
  `{"version":"danube","start_date":"2016-07-16T23:00:00Z"}`,
  `${OID}"installer":"fuel","version":"danube",${recent}}`,
  `${OID}"installer":"apex","version":"danube",${old}}`,
  `{"installer":"apex","version":"danube",${recent}}`,
  `{"installer":"apex","installer":"fuel",${recent}}`,
  `{"installer":"fuel","installer":"apex",${recent}}`,
  `{"details":{"installer":"fuel"},"installer":"apex",${recent}}`,
  `{"installer":"fu\\"el",${recent}}`,
  `{"installer":"fuél",${recent}}`,
  `{"installer":7,${recent}}`,
  `{"pod_installer":"fuel","installer":"apex",${recent}}`,
  `{"pod_installer":"apex","installer":"fuel",${recent}}`,
];

function alone(line: string) {
  const bytes = Buffer.from(line, 'utf8');
  return bytePrefilter(query)(bytes, 0, bytes.length);
}

describe('the byte pre-filter', () => {
  const text = textPrefilter(query);

  it('drops a line only when the text pre-filter drops it, for the same reason', () => {
    for (const line of lines) {
      const decision = alone(line);
      const onText = text(line.trim());
      if (decision === 'parse') expect(onText, line).toBeNull();
      else if (decision !== 'text') expect(decision, line).toBe(onText);
    }
  });

  it('drops the plainly old lines itself, and leaves only lines it cannot read plainly to the text', () => {
    expect(alone(`${OID}"version":"danube",${old},"details":{"a":1}}`)).toBe('outsideWindow');
    expect(alone(`${OID}"version":"danube",${recent},"details":{"a":1}}`)).toBe('parse');
    expect(alone(`${OID}"version":"colorado",${recent}}`)).toBe('notAskedFor');
    expect(alone(`{"scenario":"os-é-ha","version":"danube",${old}}`)).toBe('outsideWindow');
    expect(alone(`{"version":"danubé",${old}}`)).toBe('notAskedFor');
    expect(alone(`{"version":"danube","note":"x\\"start_date\\":",${old}}`)).toBe('outsideWindow');
    expect(alone(`  {"version":"danube",${old}}`)).toBe('text');
    expect(alone(`\ufeff{"version":"danube",${old}}`)).toBe('text');
    expect(alone(`{"version":"danube","last_start_date":"2016-05-01 06:00:00",${recent}}`)).toBe('parse');
    expect(alone('not json at all')).toBe('text');
    expect(alone(`${OID}"installer":"fuel","version":"danube",${recent}}`)).toBe('notAskedFor');
    expect(alone(`{"installer":"fuél",${recent}}`)).toBe('notAskedFor');
    expect(alone(`{"pod_installer":"apex","installer":"fuel",${recent}}`)).toBe('notAskedFor');
    expect(alone(`{"pod_installer":"fuel","installer":"apex",${recent}}`)).toBe('parse');
    expect(alone(`{"installer":"apex","installer":"fuel",${recent}}`)).toBe('parse');
    expect(alone(`{"details":{"installer":"fuel"},"installer":"apex",${recent}}`)).toBe('parse');
  });

  it('decides every line of a chunk as it decides the line alone', () => {
    const chunk = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const inChunk = bytePrefilter(query);
    let start = 0;
    for (const line of lines) {
      const end = chunk.indexOf(0x0a, start);
      expect(inChunk(chunk, start, end), line).toBe(alone(line));
      start = end + 1;
    }
  });
});
