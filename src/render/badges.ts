// badges/<version>/<installer>/<scenario>.svg: a status badge to paste into a wiki or a README, and the
// shields.io "endpoint" JSON beside it. Plain SVG text in system fonts: nothing is fetched to draw it.
import { conditionOf, type ScenarioVerdict, type Tone } from '../core/index.js';
import { xmlText } from './atom.js';

/** The site's colour scale (site.css uses the same four), so a badge and its page agree. */
export const TONE_COLORS: Record<Tone, string> = {
  ok: '#1a7f37',
  ko: '#cf222e',
  stale: '#9a6700',
  info: '#6e7781',
};
const CHAR_WIDTH = 6.6;
const MAX_LABEL = 48;

export interface Badge {
  label: string;
  message: string;
  color: string;
}

export function badgeOf(scenario: ScenarioVerdict): Badge {
  const label =
    scenario.scenario.length > MAX_LABEL
      ? `${scenario.scenario.slice(0, MAX_LABEL - 1)}…`
      : scenario.scenario;
  const condition = conditionOf(scenario);
  const message =
    condition.kind === 'not-run-since' ? `stale, validated ${scenario.notRunSince ?? ''}` : condition.label;
  return { label, message, color: TONE_COLORS[condition.tone] };
}

export function badgeSvg(badge: Badge): string {
  const labelWidth = Math.round(badge.label.length * CHAR_WIDTH + 12);
  const messageWidth = Math.round(badge.message.length * CHAR_WIDTH + 12);
  const width = labelWidth + messageWidth;
  const label = xmlText(badge.label);
  const message = xmlText(badge.message);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${label}: ${message}">`,
    `<title>${label}: ${message}</title>`,
    `<rect width="${labelWidth}" height="20" fill="#555"/>`,
    `<rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${badge.color}"/>`,
    `<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">`,
    `<text x="${labelWidth / 2}" y="14">${label}</text>`,
    `<text x="${labelWidth + messageWidth / 2}" y="14">${message}</text>`,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

/** https://shields.io/badges/endpoint-badge */
export function badgeEndpointJson(badge: Badge): string {
  return `${JSON.stringify({ schemaVersion: 1, label: badge.label, message: badge.message, color: badge.color })}\n`;
}
