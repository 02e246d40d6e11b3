// <version>/<installer>.atom: the installer's changes as an Atom 1.0 feed (RFC 4287), one entry per
// report day that had a change. Ids are stable tag: URIs, so a feed reader never shows a day twice.
import type { ChangeDay, VersionChanges } from '../core/index.js';
import { rootPrefix, sitePaths } from './paths.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text for XML content and attributes; characters XML 1.0 cannot hold at all are dropped. */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A tag: URI segment: only characters RFC 4151 allows, the rest percent-encoded. */
function tagSegment(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface FeedInput {
  version: string;
  installer: string;
  changes: VersionChanges | undefined;
  /** The report's asOf, the feed's `updated` when no day had a change. */
  asOf: number;
  generator: string;
}

export function installerFeed(input: FeedInput): string {
  const { version, installer } = input;
  const feedPath = sitePaths.installerFeed(version, installer);
  const root = rootPrefix(feedPath);
  const days = (input.changes?.days ?? [])
    .map((day) => ({ ...day, changes: day.changes.filter((change) => change.installer === installer) }))
    .filter((day) => day.changes.length > 0);
  const updated = days[0] ? endOfDay(days[0].day) : new Date(input.asOf).toISOString();
  const id = `tag:scenario-report,2016:${tagSegment(version)}/${tagSegment(installer)}`;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${xmlText(id)}</id>`,
    `<title>${xmlText(`${installer} · ${version}: what changed`)}</title>`,
    `<updated>${updated}</updated>`,
    `<author><name>scenario-report</name></author>`,
    `<generator>${xmlText(input.generator)}</generator>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(feedPath.split('/').at(-1) ?? '')}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(root + sitePaths.installerPage(version, installer))}"/>`,
    ...days.map((day) => entry(day, id, root, version)),
    '</feed>',
    '',
  ];
  return lines.join('\n');
}

function entry(day: ChangeDay, feedId: string, root: string, version: string): string {
  const summary = day.changes.map((change) => `${change.scenario}: ${change.note}`);
  // A feed reader shows no legend: the PPFP notation is explained where it appears.
  if (day.changes.some((change) => change.outcomes !== undefined))
    summary.push('(runs: P passed, F failed, oldest first; the newest four decide the points)');
  const title = `${day.day}: ${day.changes.length} change${day.changes.length === 1 ? '' : 's'}`;
  return [
    '<entry>',
    `<id>${xmlText(`${feedId}/${day.day}`)}</id>`,
    `<title>${xmlText(title)}</title>`,
    `<updated>${endOfDay(day.day)}</updated>`,
    `<link rel="alternate" type="text/html" href="${xmlText(`${root}${sitePaths.changesPage(version)}#day-${day.day}`)}"/>`,
    `<content type="text">${xmlText(summary.join('\n'))}</content>`,
    '</entry>',
  ].join('\n');
}

function endOfDay(day: string): string {
  return `${day}T23:59:59Z`;
}
