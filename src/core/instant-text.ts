// An instant as status.json and the feedback JSON write it: ISO 8601 in UTC, the milliseconds only when
// there are some. Written for a million runs in the all-in-window case, where Date#toISOString cost
// more than a microsecond a run: the day is formatted once, the time of day by arithmetic.

const DAY = 86_400_000;
/** The largest distance from 1970 a Date can hold. */
const MAX_INSTANT = 8.64e15;
/** Days formatted so far, 'YYYY-MM-DDT' (or ±YYYYYY-…): a report's runs fall on a few hundred days. */
const dayPrefixes = new Map<number, string>();
const MAX_DAYS_KEPT = 4096;

const pad2 = (value: number) => (value < 10 ? `0${value}` : `${value}`);

/** `new Date(instant).toISOString()` without a `.000` before its Z; throws as it does on an invalid instant. */
export function instantText(instant: number): string {
  if (!Number.isInteger(instant) || Math.abs(instant) > MAX_INSTANT)
    return new Date(instant).toISOString().replace('.000Z', 'Z');
  const day = Math.floor(instant / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    // toISOString is 'HH:mm:ss.sssZ' after the date: 13 characters, whatever the year's width.
    const text = new Date(day * DAY).toISOString();
    prefix = text.slice(0, text.length - 13);
    if (dayPrefixes.size >= MAX_DAYS_KEPT) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  const ms = instant - day * DAY;
  const seconds = Math.floor(ms / 1000) % 60;
  const minutes = Math.floor(ms / 60_000) % 60;
  const hours = Math.floor(ms / 3_600_000);
  const milliseconds = ms % 1000;
  const fraction =
    milliseconds === 0 ? '' : `.${milliseconds < 10 ? '00' : milliseconds < 100 ? '0' : ''}${milliseconds}`;
  return `${prefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}${fraction}Z`;
}
