// The changes page groups a day's changes per scenario: one row, its most telling change as headline,
// the test-level moves folded under it; a new scenario is neutral, never a regression.
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/index.js';
import { scenarioRows } from '../../src/render/page-models/changes-page.js';

const linkTo = (installer: string, scenario: string) => `${installer}/${scenario}.html`;

const points = (scenario: string, test: string, from: number, to: number): Change => ({
  kind: 'points',
  installer: 'fuel',
  scenario,
  test,
  from,
  to,
  outcomes: 'PPPF',
  note: `${test}: ${from} → ${to} points (runs PPPF)`,
});

describe('changes page rows', () => {
  it('folds seven tests moving together into one row headed by their sum', () => {
    const tests = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const rows = scenarioRows(
      tests.map((test) => points('os-odl_l2', test, 1, 2)),
      linkTo,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      installer: 'fuel',
      scenario: 'os-odl_l2',
      href: 'fuel/os-odl_l2.html',
      headline: {
        label: 'points moved',
        tone: 'good',
        marker: '▲',
        note: '7 tests moved: 7 up, 0 down (+7 points)',
      },
      detailsLabel: '7 changes test by test',
    });
    expect(rows[0]?.details.map((line) => line.note)).toEqual(
      tests.map((t) => `${t}: 1 → 2 points (runs PPPF)`),
    );
  });

  it('heads a row by lost validation, with the points behind it folded', () => {
    const lost: Change = {
      kind: 'lost-validation',
      installer: 'fuel',
      scenario: 'os-nosdn',
      note: 'os-nosdn lost validation: 15/15 → 14/15',
    };
    const [row] = scenarioRows([lost, points('os-nosdn', 'vping_ssh', 3, 2)], linkTo);
    expect(row?.headline).toEqual({
      label: 'lost validation',
      tone: 'bad',
      marker: '▼',
      note: 'os-nosdn lost validation: 15/15 → 14/15',
    });
    expect(row?.details).toEqual([
      { label: 'points moved', tone: 'bad', marker: '▼', note: 'vping_ssh: 3 → 2 points (runs PPPF)' },
    ]);
  });

  it('shows a new scenario as neutral, not as a regression', () => {
    const appeared: Change = {
      kind: 'new',
      installer: 'apex',
      scenario: 'os-ovn',
      note: 'os-ovn appeared: 3/21, KO',
    };
    const [row] = scenarioRows([appeared], linkTo);
    expect(row?.headline).toMatchObject({ label: 'new scenario', tone: 'neutral', marker: '●' });
    expect(row?.details).toEqual([]);
  });

  it('keeps one row per installer and scenario, in the order the changes come', () => {
    const rows = scenarioRows(
      [
        points('os-a', 'x', 0, 3),
        { ...points('os-a', 'x', 3, 0), installer: 'joid' },
        points('os-b', 'y', 2, 1),
      ],
      linkTo,
    );
    expect(rows.map((row) => `${row.installer} ${row.scenario} ${row.headline.tone}`)).toEqual([
      'fuel os-a good',
      'joid os-a bad',
      'fuel os-b bad',
    ]);
    expect(rows[0]?.details).toEqual([]);
  });
});
