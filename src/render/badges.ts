// badges/<version>/<installer>/<scenario>.svg: a status badge to paste into a wiki or a README, and the
// shields.io "endpoint" JSON beside it. Plain SVG text in system fonts: nothing is fetched to draw it.
import type { ScenarioVerdict } from '../core/index.js';
import { xmlText } from './atom.js';

const COLORS = {
  validated: '#2da44e',
  ko: '#cf222e',
  pending: '#bf8700',
  stale: '#6e7781',
  nodata: '#6e7781',
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
  if (scenario.notRunSince)
    return { label, message: `stale, validated ${scenario.notRunSince}`, color: COLORS.stale };
  if (scenario.stale)
    return { label, message: `stale ${scenario.score}/${scenario.max}`, color: COLORS.stale };
  if (scenario.validated) return { label, message: 'validated', color: COLORS.validated };
  if (scenario.max === 0) return { label, message: 'no data', color: COLORS.nodata };
  return {
    label,
    message: `${scenario.score}/${scenario.max}`,
    color: scenario.pending ? COLORS.pending : COLORS.ko,
  };
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
