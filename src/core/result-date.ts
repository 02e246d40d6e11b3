// Result dates → instants. This is the hot path (a million documents a report), so dates are parsed by
// hand: no regex, no date-library object, one Date.UTC call for the common UTC case. A date written
// without a zone is read in the data's zone (dataTimeZone), whose offsets are computed once and cached.
import { ConfigError } from './errors.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NUMBER_LONG = /^-?\d+$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** Date.UTC, except that years 0–99 stay themselves: Date.UTC reads 16 as 1916. */
function utc(year: number, month: number, ...time: [number, number, number, number, number]): number {
  if (year >= 100) return Date.UTC(year, month - 1, ...time);
  // 2000 is a leap year, so 29 February survives until the year is set.
  return new Date(Date.UTC(2000, month - 1, ...time)).setUTCFullYear(year);
}

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

interface DateFields {
  /** The wall-clock time read as if it were UTC. */
  wall: number;
  /** Offset written in the text in ms, or null when the text has no zone. */
  offset: number | null;
}

/**
 * `YYYY-MM-DD`, then optionally `[T ]HH:mm[:ss[.fraction]]`, then optionally `Z` or `±HH[:]MM` / `±HH`.
 * Returns null for anything else, including impossible dates (2016-02-30).
 */
function parseDateText(input: string): DateFields | null {
  const text =
    input.length > 0 && (input.charCodeAt(0) <= 32 || input.charCodeAt(input.length - 1) <= 32)
      ? input.trim()
      : input;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || text[4] !== '-' || text[7] !== '-') return null;
  if (day > (month === 2 && !isLeap(year) ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0))) return null;
  if (text.length === 10) return { wall: utc(year, month, day, 0, 0, 0, 0), offset: null };
  const separator = text[10];
  if (separator !== 'T' && separator !== ' ' && separator !== 't') return null;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || text[13] !== ':') return null;
  let pos = 16;
  let second = 0;
  let millis = 0;
  if (text[pos] === ':') {
    second = digitsAt(text, pos + 1, 2);
    if (second < 0 || second > 59) return null;
    pos += 3;
    if (text[pos] === '.' || text[pos] === ',') {
      pos++;
      const fractionStart = pos;
      let scale = 100;
      for (let code = text.charCodeAt(pos) - 48; code >= 0 && code <= 9; code = text.charCodeAt(++pos) - 48) {
        // Milliseconds are the resolution we keep: finer digits are dropped, not rounded.
        millis += code * scale;
        scale /= 10;
      }
      if (pos === fractionStart) return null;
      millis = Math.floor(millis);
    }
  }
  const wall = utc(year, month, day, hour, minute, second, millis);
  if (pos === text.length) return { wall, offset: null };
  const zone = text[pos];
  if ((zone === 'Z' || zone === 'z') && pos + 1 === text.length) return { wall, offset: 0 };
  if (zone !== '+' && zone !== '-') return null;
  const offsetHours = digitsAt(text, pos + 1, 2);
  let offsetMinutes = 0;
  const rest = text.length - (pos + 3);
  if (rest === 3 && text[pos + 3] === ':') offsetMinutes = digitsAt(text, pos + 4, 2);
  else if (rest === 2) offsetMinutes = digitsAt(text, pos + 3, 2);
  else if (rest !== 0) return null;
  if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return null;
  const sign = zone === '-' ? -1 : 1;
  return { wall, offset: sign * (offsetHours * HOUR + offsetMinutes * 60_000) };
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** An IANA time zone name the runtime knows (UTC, Europe/Paris). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function zoneFormat(zone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new ConfigError(
        `Unknown time zone '${zone}' (dataTimeZone): use an IANA name such as UTC or Europe/Paris.`,
      );
    }
    zoneFormats.set(zone, format);
  }
  return format;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetAt(zone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of zoneFormat(zone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    (parts.hour ?? 0) % 24,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

// Offsets change at most a few times a year; documents of one report cluster in a few hundred hours.
const offsetCache = new Map<string, number>();

/** How far ahead of UTC the zone's clock reads a wall-clock time (in a DST gap or overlap: the earlier offset). */
function offsetOfWall(zone: string, wall: number): number {
  // Guess with the offset at the wall time, then correct once: right on both sides of a DST change.
  const guess = zoneOffsetAt(zone, wall);
  return zoneOffsetAt(zone, wall - guess);
}

function zonedWallToInstant(wall: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return wall;
  const key = `${zone}|${Math.floor(wall / HOUR)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return wall - cached;
  const offset = offsetOfWall(zone, wall);
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return wall - offset;
}

/** One piece of a zone's wall clock: from `wall` (inclusive, ms read as UTC) on, instant = wall − offset. */
export interface WallClockStep {
  wall: number;
  offset: number;
}

/**
 * The offsets that turn wall-clock times between `fromWall` and `toWall` into instants, as pieces a
 * database can evaluate without a time-zone table: the first applies before the second's `wall`, and
 * so on. They give the instants parseResultDate gives, DST gaps and overlaps included.
 */
export function wallClockSteps(zone: string, fromWall: number, toWall: number): WallClockStep[] {
  if (zone === 'UTC' || zone === 'Etc/UTC') return [{ wall: fromWall, offset: 0 }];
  // Offsets change at transitions; a wall time's offset can change only an offset away from one.
  const candidates: number[] = [];
  const first = Math.floor((fromWall - DAY) / HOUR) * HOUR;
  let before = zoneOffsetAt(zone, first);
  for (let instant = first; instant < toWall + DAY; instant += HOUR) {
    const after = zoneOffsetAt(zone, instant + HOUR);
    if (after !== before) {
      const transition = transitionBetween(zone, instant, instant + HOUR);
      candidates.push(transition, transition + before, transition + after);
    }
    before = after;
  }
  const steps: WallClockStep[] = [{ wall: fromWall, offset: offsetOfWall(zone, fromWall) }];
  for (const wall of candidates.sort((a, b) => a - b)) {
    const offset = offsetOfWall(zone, wall);
    if (wall > fromWall && offset !== (steps.at(-1) as WallClockStep).offset) steps.push({ wall, offset });
  }
  return steps;
}

/** The first whole second in (from, to] at which the zone's offset differs from its offset at `from`. */
function transitionBetween(zone: string, from: number, to: number): number {
  const start = zoneOffsetAt(zone, from);
  let low = from;
  let high = to;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (zoneOffsetAt(zone, middle) === start) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * The last date string read, and its instant: a file's document has its start_date read twice in a
 * row, by the source's pre-filter and by the normaliser, and both are handed the same string.
 */
const lastRead = { text: '', zone: '', instant: null as number | null };

function parseDateString(text: string, dataTimeZone: string): number | null {
  if (text === lastRead.text && dataTimeZone === lastRead.zone) return lastRead.instant;
  const fields = parseDateText(text);
  const instant =
    fields === null
      ? null
      : fields.offset !== null
        ? fields.wall - fields.offset
        : zonedWallToInstant(fields.wall, dataTimeZone);
  lastRead.text = text;
  lastRead.zone = dataTimeZone;
  lastRead.instant = instant;
  return instant;
}

/**
 * A start_date as an instant (epoch ms), or null when it is not a date: 'YYYY-MM-DD HH:mm:ss[.SSS…]',
 * ISO 8601 with or without zone and fraction, extended JSON {"$date": string | number | {"$numberLong"}},
 * or a Date from the driver. Dates without a zone are read in dataTimeZone.
 */
export function parseResultDate(value: unknown, dataTimeZone: string): number | null {
  if (typeof value === 'string') return parseDateString(value, dataTimeZone);
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isFinite(time) ? time : null;
  }
  if (value !== null && typeof value === 'object' && '$date' in value) {
    const date = (value as { $date: unknown }).$date;
    if (typeof date === 'string') return parseDateString(date, dataTimeZone);
    if (typeof date === 'number') return Number.isFinite(date) ? date : null;
    if (date !== null && typeof date === 'object' && '$numberLong' in date) {
      const long = (date as { $numberLong: unknown }).$numberLong;
      if (typeof long !== 'string' || !NUMBER_LONG.test(long)) return null;
      const millis = Number(long);
      return Number.isSafeInteger(millis) ? millis : null;
    }
  }
  return null;
}
