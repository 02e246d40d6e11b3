// A partial run reads the published status.json back an installer entry at a time, so that a million runs'
// file is never one string. Whatever the file holds, the value must be JSON.parse's of the whole text,
// and a file in this job's own layout must be read in parts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStatusJson, statusJsonPieces } from '../../src/app/status-json.js';
import { parsedInParts, parseStatusBytes } from '../../src/app/status-parts.js';
import {
  installer,
  runHistory,
  scenario,
  statusJsonInput,
  testCase,
  verdict,
  version,
} from '../support/builders.js';

/** Text that looks like the layout's own lines, inside names and at any place of the file. */
const LAYOUT_TEXT = [
  '\n        }',
  '\n        },\n',
  '        {\n',
  '\n      "installers": [\n',
  '"installers": [',
  '0',
  ',',
  '}',
  ']',
  '"',
  '\\',
  '→',
  '\n',
];

const name = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc
    .array(fc.constantFrom(...LAYOUT_TEXT, 'a'), { minLength: 1, maxLength: 5 })
    .map((parts) => parts.join('')),
);

/** A status.json as this job writes it, for versions of installers of scenarios, with names from the data. */
const statusText = fc
  .array(
    fc.record({
      version: name,
      installers: fc.array(
        fc.record({
          installer: name,
          scenario: name,
          test: name,
          runs: fc.constantFrom('', 'P', 'PF', 'FPFP'),
        }),
        { maxLength: 3 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((versions) => {
    const shown = verdict(
      versions.map((entry) =>
        version(
          entry.version,
          entry.installers.map((one) =>
            installer(one.installer, [
              scenario({
                scenario: one.scenario,
                tests: [testCase({ name: one.test, runs: runHistory(one.runs, { pod: one.installer }) })],
              }),
            ]),
          ),
        ),
      ),
    );
    return [...statusJsonPieces(buildStatusJson(statusJsonInput(shown)))].join('');
  });

/** status.json as written for one installer of one version. */
const statusOf = (name: string) =>
  [
    ...statusJsonPieces(buildStatusJson(statusJsonInput(verdict([version('master', [installer(name)])])))),
  ].join('');

/** JSON.parse's value of the text, or the error it throws. */
function wholeParse(text: string): { value: unknown } | { error: unknown } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error };
  }
}

function partsParse(bytes: Buffer): { value: unknown } | { error: unknown } {
  try {
    return { value: parseStatusBytes(bytes) };
  } catch (error) {
    return { error };
  }
}

describe('status.json read back in parts', () => {
  it('as this job writes it, is read an installer entry at a time, to the value of the whole text', () => {
    fc.assert(
      fc.property(statusText, (text) => {
        const inParts = parsedInParts(Buffer.from(text));
        const hasEntries = text.includes('\n      "installers": [\n        {\n');
        expect(inParts === undefined).toBe(!hasEntries);
        expect(parseStatusBytes(Buffer.from(text))).toEqual(JSON.parse(text));
        if (hasEntries) expect(inParts).toEqual(JSON.parse(text));
      }),
    );
  });

  it('edited anywhere, gives the value of the whole text, or fails as JSON.parse of it does', () => {
    const edit = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 40 }),
      insert: fc.array(fc.constantFrom(...LAYOUT_TEXT, ' ', '{', '[', '"x"', 'null'), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(statusText, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        let edited = text;
        for (const { at, cut, insert } of edits) {
          const place = at % (edited.length + 1);
          edited = edited.slice(0, place) + insert.join('') + edited.slice(place + cut);
        }
        const whole = wholeParse(edited);
        const parts = partsParse(Buffer.from(edited));
        if ('value' in whole) expect(parts).toEqual(whole);
        else expect('error' in parts && parts.error instanceof SyntaxError).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes as the whole text does: characters of every width, bytes that are not UTF-8', () => {
    const bytes = Buffer.from(statusOf('fuel€𝄞'));
    expect(parsedInParts(bytes)).toEqual(JSON.parse(bytes.toString('utf8')));
    // A byte no UTF-8 character starts with, in the installer's name: U+FFFD in the whole, and in its part.
    bytes[bytes.indexOf('€')] = 0xff;
    expect(parsedInParts(bytes)).toEqual(JSON.parse(bytes.toString('utf8')));
  });
});
