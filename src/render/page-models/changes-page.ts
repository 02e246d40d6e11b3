// `<version>/changes.html`: newest report day first, one row per scenario that changed, its test-level
// moves folded under it. A scenario's headline is its most telling change (validation gained or lost
// before staleness, before points), so seven tests moving together read as one line, not seven.
import type { Change, ChangeKind, VersionVerdict } from '../../core/index.js';
import { rootPrefix, sitePaths } from '../paths.js';
import type { SiteInput } from '../types.js';
import { scenarioLinker } from './cells.js';
import { versionHeaderOf, type HeaderModel } from './header.js';

/** good ▲ (closer to validated), bad ▼ (further), neutral ● (nothing to compare with: a new scenario). */
export type ChangeTone = 'good' | 'bad' | 'neutral';

export interface ChangeLine {
  label: string;
  tone: ChangeTone;
  marker: string;
  /** Moved points end in the runs behind them, oldest first ('runs PPFP'), explained on the page. */
  note: string;
}

export interface ScenarioChangeRow {
  installer: string;
  scenario: string;
  href: string | null;
  headline: ChangeLine;
  /** The scenario's other changes, test by test; folded under the headline. */
  details: ChangeLine[];
  detailsLabel: string;
}

export interface ChangesPageModel {
  header: HeaderModel;
  version: string;
  days: Array<{ day: string; previousDay: string | null; scenarios: ScenarioChangeRow[] }>;
  feeds: Array<{ installer: string; href: string }>;
}

const CHANGE_LABELS: Record<ChangeKind, string> = {
  validated: 'validated',
  'lost-validation': 'lost validation',
  points: 'points moved',
  stale: 'became stale',
  back: 'runs again',
  missing: 'test missing',
  new: 'new scenario',
};

/** Which change heads a scenario's row: the first kind in this list that it has. */
const HEADLINE_ORDER: ChangeKind[] = [
  'lost-validation',
  'validated',
  'new',
  'stale',
  'back',
  'missing',
  'points',
];

const MARKERS: Record<ChangeTone, string> = { good: '▲', bad: '▼', neutral: '●' };

function toneOf(change: Change): ChangeTone {
  switch (change.kind) {
    case 'validated':
    case 'back':
      return 'good';
    case 'new':
      return 'neutral';
    case 'points':
      return (change.to ?? 0) > (change.from ?? 0) ? 'good' : 'bad';
    default:
      return 'bad';
  }
}

function lineOf(change: Change, label = CHANGE_LABELS[change.kind], tone = toneOf(change)): ChangeLine {
  return { label, tone, marker: MARKERS[tone], note: change.note };
}

/** A row whose only changes are moved points is headed by their sum: up, down, or even. */
function pointsHeadline(moves: Change[]): ChangeLine {
  const net = moves.reduce((sum, move) => sum + (move.to ?? 0) - (move.from ?? 0), 0);
  const up = moves.filter((move) => (move.to ?? 0) > (move.from ?? 0)).length;
  const tone: ChangeTone = net > 0 ? 'good' : net < 0 ? 'bad' : 'neutral';
  const note =
    moves.length === 1
      ? (moves[0]?.note ?? '')
      : `${moves.length} tests moved: ${up} up, ${moves.length - up} down (${net > 0 ? '+' : ''}${net} points)`;
  return { label: CHANGE_LABELS.points, tone, marker: MARKERS[tone], note };
}

/** One row per (installer, scenario), in the order the day's changes come (installer, then scenario). */
export function scenarioRows(
  changes: Change[],
  linkTo: (installer: string, scenario: string) => string | null,
): ScenarioChangeRow[] {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const key = JSON.stringify([change.installer, change.scenario]);
    const group = groups.get(key);
    if (group) group.push(change);
    else groups.set(key, [change]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Change;
    const head = HEADLINE_ORDER.map((kind) => group.find((change) => change.kind === kind)).find(
      (change) => change !== undefined && change.kind !== 'points',
    );
    const onlyPoints = head === undefined;
    const headline = onlyPoints ? pointsHeadline(group) : lineOf(head);
    const details = (onlyPoints && group.length === 1 ? [] : group.filter((c) => c !== head)).map((c) =>
      lineOf(c),
    );
    return {
      installer: first.installer,
      scenario: first.scenario,
      href: linkTo(first.installer, first.scenario),
      headline,
      details,
      detailsLabel: `${details.length} ${details.length === 1 ? 'change' : 'changes'} test by test`,
    };
  });
}

export function changesPageModel(input: SiteInput, version: VersionVerdict): ChangesPageModel {
  const page = sitePaths.changesPage(version.version);
  const root = rootPrefix(page);
  const linkTo = scenarioLinker(version, root);
  const days = input.changes.find((entry) => entry.version === version.version)?.days ?? [];
  return {
    header: versionHeaderOf(input, page, `What changed · ${version.version}`, version.version),
    version: version.version,
    days: days.map((day) => ({
      day: day.day,
      previousDay: day.previousDay,
      scenarios: scenarioRows(day.changes, linkTo),
    })),
    feeds: version.installers.map((installer) => ({
      installer: installer.installer,
      href: root + sitePaths.installerFeed(version.version, installer.installer),
    })),
  };
}
