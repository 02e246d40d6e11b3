// Inline SVG drawn at render time. Built from numbers only — every value is checked to be a finite
// number and printed with toFixed — so the markup can be handed to Handlebars as safe without any
// string from the database ever reaching it.

const WIDTH = 100;
const HEIGHT = 24;
const PAD = 3;

function coordinate(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new TypeError('SVG coordinates must be finite numbers');
  return value.toFixed(1);
}

function clampPercent(value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new TypeError('SVG values must be finite numbers');
  return Math.min(100, Math.max(0, value));
}

/** A sparkline of daily percents (0–100), oldest first; a single value draws a single point. */
export function sparklineSvg(percents: readonly number[]): string {
  const values = percents.map(clampPercent);
  const label =
    values.length === 0
      ? 'no history'
      : `daily percent, last ${values.length} days: ${values.map((v) => coordinate(v)).join(', ')}`;
  // A single value is today's: drawn at the right end, where today sits once history exists.
  const step = values.length > 1 ? (WIDTH - 2 * PAD) / (values.length - 1) : 0;
  const start = values.length > 1 ? PAD : WIDTH - PAD;
  const points = values.map(
    (v, i) => [start + i * step, HEIGHT - PAD - (v / 100) * (HEIGHT - 2 * PAD)] as const,
  );
  const path = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${coordinate(x)} ${coordinate(y)}`).join(' ');
  const last = points[points.length - 1];
  const line = points.length > 1 ? `<path d="${path}" class="spark-line" fill="none"/>` : '';
  const dot = last
    ? `<circle cx="${coordinate(last[0])}" cy="${coordinate(last[1])}" r="2.5" class="spark-dot"/>`
    : '';
  return (
    `<svg class="spark" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${label}">` +
    `<title>${label}</title>` +
    `<line x1="${PAD}" y1="${PAD}" x2="${WIDTH - PAD}" y2="${PAD}" class="spark-max"/>` +
    `${line}${dot}</svg>`
  );
}
