// The header every page shares: title, breadcrumbs, report facts, the points legend and the links to
// "what changed". One options object, so a page cannot pass its version where its installer belongs.
import { SCORING_RULES, instantText, type Points, type ScoringRule } from '../../core/index.js';
import { rootPrefix, sitePaths } from '../paths.js';
import type { SiteInput } from '../types.js';

export interface Crumb {
  label: string;
  href: string | null;
}

export interface LegendLine {
  points: Points;
  className: string;
  symbol: string;
  meaning: string;
}

export interface HeaderModel {
  title: string;
  /** '../' repeated up to the site root, for links and assets. */
  root: string;
  crumbs: Crumb[];
  version: string | null;
  installer: string | null;
  asOf: string;
  periodDays: number;
  rule: string;
  generatedAt: string;
  /** The same instant in ISO 8601, for the page-age script. */
  generatedIso: string;
  reportDay: string;
  /** Hours after generation the page's script says the page is old. */
  staleAfterHours: number;
  legend: LegendLine[];
  /** "What changed" pages: the page's version, or every version on the overview. */
  changes: Array<{ label: string; href: string }>;
  /** The installer page's Atom feed, for <link rel="alternate">. */
  feed: { href: string; title: string } | null;
}

export interface HeaderOptions {
  /** The page's path inside the site. */
  page: string;
  title: string;
  /** After "Overview", which every page but the overview links to. */
  crumbs: Crumb[];
  version?: string;
  installer?: string;
}

export const SYMBOLS: Record<Points, string> = { 0: '○○○', 1: '●○○', 2: '●●○', 3: '●●●' };

function legendOf(rule: ScoringRule): LegendLine[] {
  return ([3, 2, 1, 0] as const).map((points) => ({
    points,
    className: `p${points}`,
    symbol: SYMBOLS[points],
    meaning: SCORING_RULES[rule].legend[points],
  }));
}

export function formatInstant(ms: number): string {
  // instantText is toISOString's text at a quarter of its cost: a failed run cell of the grid shows one each.
  return `${instantText(ms).slice(0, 16).replace('T', ' ')} UTC`;
}

export function versionId(version: string): string {
  return `v-${sitePaths.versionDir(version)}`;
}

/** The version's section of the overview: versions have no page of their own. */
export function versionAnchor(root: string, version: string): string {
  return `${root}index.html#${versionId(version)}`;
}

/** The header of a page about one version as a whole (its changes, its validated scenarios). */
export function versionHeaderOf(input: SiteInput, page: string, title: string, version: string): HeaderModel {
  const crumbs = [{ label: version, href: versionAnchor(rootPrefix(page), version) }];
  return headerOf(input, { page, title, crumbs, version });
}

export function headerOf(input: SiteInput, options: HeaderOptions): HeaderModel {
  const { page, version, installer } = options;
  const root = rootPrefix(page);
  const overview = page === 'index.html' ? null : `${root}index.html`;
  const changesOf = version === undefined ? input.verdict.versions.map((v) => v.version) : [version];
  return {
    title: options.title,
    root,
    crumbs: [{ label: 'Overview', href: overview }, ...options.crumbs],
    version: version ?? null,
    installer: installer ?? null,
    asOf: formatInstant(input.verdict.asOf),
    periodDays: input.verdict.periodDays,
    rule: input.verdict.rule,
    generatedAt: formatInstant(input.generatedAt),
    generatedIso: new Date(input.generatedAt).toISOString(),
    reportDay: new Date(input.verdict.asOf).toISOString().slice(0, 10),
    staleAfterHours: input.staleAfterHours,
    legend: legendOf(input.verdict.rule),
    changes: changesOf.map((name) => ({
      label: version === undefined ? `What changed · ${name}` : 'What changed',
      href: root + sitePaths.changesPage(name),
    })),
    feed:
      version !== undefined && installer !== undefined
        ? {
            href: root + sitePaths.installerFeed(version, installer),
            title: `${installer} · ${version} changes`,
          }
        : null,
  };
}
