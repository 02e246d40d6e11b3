// `<version>/changes.html`: newest report day first, each change with a link to its scenario.
import type { ChangeKind, VersionVerdict } from '../../core/index.js';
import { rootPrefix, sitePaths } from '../paths.js';
import type { SiteInput } from '../types.js';
import { scenarioLinker } from './cells.js';
import { headerOf, versionAnchor, type HeaderModel } from './header.js';

export interface ChangeRow {
  installer: string;
  scenario: string;
  href: string | null;
  kind: ChangeKind;
  kindLabel: string;
  good: boolean;
  note: string;
}

export interface ChangesPageModel {
  header: HeaderModel;
  version: string;
  days: Array<{ day: string; previousDay: string | null; changes: ChangeRow[] }>;
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

export function changesPageModel(input: SiteInput, version: VersionVerdict): ChangesPageModel {
  const page = sitePaths.changesPage(version.version);
  const root = rootPrefix(page);
  const linkTo = scenarioLinker(version, root);
  const days = input.changes.find((entry) => entry.version === version.version)?.days ?? [];
  return {
    header: headerOf(input, {
      page,
      title: `What changed · ${version.version}`,
      crumbs: [{ label: version.version, href: versionAnchor(root, version.version) }],
      version: version.version,
    }),
    version: version.version,
    days: days.map((day) => ({
      day: day.day,
      previousDay: day.previousDay,
      changes: day.changes.map((change) => ({
        installer: change.installer,
        scenario: change.scenario,
        href: linkTo(change.installer, change.scenario),
        kind: change.kind,
        kindLabel: CHANGE_LABELS[change.kind],
        good:
          change.kind === 'validated' ||
          change.kind === 'back' ||
          (change.kind === 'points' && (change.to ?? 0) > (change.from ?? 0)),
        note: change.note,
      })),
    })),
    feeds: version.installers.map((installer) => ({
      installer: installer.installer,
      href: root + sitePaths.installerFeed(version.version, installer.installer),
    })),
  };
}
