// `index.html`, the overview: per version, each installer's validated share and its daily trend.
import { feedbackLinksOf, type FeedbackLink } from './feedback-links.js';
import {
  compareText,
  documentBuckets,
  installerCounts,
  own,
  type DocumentBucket,
  type InstallerVerdict,
  type ScenarioDay,
  type VersionVerdict,
} from '../../core/index.js';
import { sitePaths } from '../paths.js';
import type { SiteInput } from '../types.js';
import type { BarModel } from './cells.js';
import { headerOf, versionId, type HeaderModel } from './header.js';
import { readinessSection, type ReadinessSection } from './readiness-section.js';

export interface InstallerSummary extends BarModel {
  installer: string;
  /** On a lab outage (no run of the installer in the window), the day its newest known result ran. */
  noResultSince: string | null;
  href: string;
  csvHref: string;
  /** The Tempest and vIMS pages of this version and installer. */
  feedback: FeedbackLink[];
  validated: number;
  stale: number;
  total: number;
  countLabel: string;
  trend: number[];
}

export interface VersionSection {
  version: string;
  id: string;
  validatedHref: string;
  readiness: ReadinessSection;
  installers: InstallerSummary[];
}

export interface IndexPageModel {
  header: HeaderModel;
  documents: {
    read: number;
    /** Where the documents read went: used and rejected always, the other buckets when not empty. */
    buckets: Array<{ label: string; count: number }>;
    rejectedReasons: Array<{ reason: string; count: number }>;
  };
  /** One sentence per bound of `limits.*` the report hit. */
  limits: string[];
  versions: VersionSection[];
}

/** Share of validated scenarios per report day, from the state history, oldest first. */
function installerTrend(
  days: Record<string, Record<string, ScenarioDay>> | undefined,
  current: number,
): number[] {
  const perDate = new Map<string, { ok: number; total: number }>();
  for (const scenarioDays of Object.values(days ?? {})) {
    for (const [date, day] of Object.entries(scenarioDays)) {
      const entry = perDate.get(date) ?? { ok: 0, total: 0 };
      entry.total += 1;
      if (day.status === 'OK') entry.ok += 1;
      perDate.set(date, entry);
    }
  }
  const dates = [...perDate.keys()].sort(compareText);
  if (dates.length === 0) return [current];
  return dates.map((date) => {
    const { ok, total } = perDate.get(date) ?? { ok: 0, total: 1 };
    return (ok / total) * 100;
  });
}

/** The share bar's colour says how far from every scenario validated: all, at least half, or less. */
function shareClass(validated: number, total: number): 'ok' | 'near' | 'ko' | 'info' {
  if (total === 0) return 'info';
  if (validated === total) return 'ok';
  return validated * 2 >= total ? 'near' : 'ko';
}

function noResultSince(installer: InstallerVerdict): string | null {
  const ran = installer.scenarios.some((scenario) => scenario.runCount > 0);
  if (ran || installer.lastResult === undefined || installer.lastResult === null) return null;
  return new Date(installer.lastResult).toISOString().slice(0, 10);
}

function installerSummary(input: SiteInput, version: string, installer: InstallerVerdict): InstallerSummary {
  const counts = installerCounts(installer);
  const validated = counts.validated - counts.staleValidated;
  const percent = counts.total === 0 ? 0 : (validated / counts.total) * 100;
  return {
    installer: installer.installer,
    noResultSince: noResultSince(installer),
    href: sitePaths.installerPage(version, installer.installer),
    csvHref: sitePaths.installerCsv(version, installer.installer),
    feedback: feedbackLinksOf(input, version, installer.installer, ''),
    validated,
    stale: counts.stale,
    total: counts.total,
    countLabel: `${validated}/${counts.total}`,
    percentLabel: `${percent.toFixed(0)}%`,
    barWidth: percent,
    barClass: shareClass(validated, counts.total),
    trend: installerTrend(own(own(input.history, version), installer.installer), percent),
  };
}

function versionSection(input: SiteInput, version: VersionVerdict): VersionSection {
  return {
    version: version.version,
    id: versionId(version.version),
    validatedHref: sitePaths.validatedPage(version.version),
    readiness: readinessSection(version, input.readiness),
    installers: version.installers.map((installer) => installerSummary(input, version.version, installer)),
  };
}

/** How the overview names each bucket of the documents read. */
const BUCKET_LABELS: Record<DocumentBucket, string> = {
  used: 'used',
  rejected: 'rejected',
  duplicates: 'duplicates',
  outsideWindow: 'outside the window',
  beyondMaxRuns: 'older than the newest maxRuns',
  beyondLimits: 'beyond the limits',
  excluded: 'excluded (virtual pod, noha)',
  notInCriteria: 'not in the criteria',
  notAskedFor: 'other versions or installers',
};

export function indexPageModel(input: SiteInput): IndexPageModel {
  const { documents } = input;
  return {
    header: headerOf(input, { page: 'index.html', title: 'Scenario status', crumbs: [] }),
    documents: {
      read: documents.read,
      buckets: documentBuckets(documents)
        .filter(({ bucket, count }) => count > 0 || bucket === 'used' || bucket === 'rejected')
        .map(({ bucket, count }) => ({ label: BUCKET_LABELS[bucket], count })),
      rejectedReasons: Object.entries(documents.rejectedReasons)
        .sort(([a], [b]) => compareText(a, b))
        .map(([reason, count]) => ({ reason, count })),
    },
    limits: (input.limits ?? []).map((hit) => hit.note),
    versions: input.verdict.versions.map((version) => versionSection(input, version)),
  };
}
