// Aggregation expressions that read a result document's fields the way the normaliser does
// (core/normalise): a text field is a non-blank string; a start_date is a BSON date or a string in one
// of the spellings parseResultDate accepts, naive ones read in the data's time zone.
import type { Document } from 'mongodb';
import type { WallClockStep } from '../../core/index.js';

/** The characters String.prototype.trim removes, as literal characters: PCRE and JavaScript read them alike. */
const BLANK = '^[\t\n\u000b\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*$';

/**
 * parseDateText's grammar: `YYYY-MM-DD`, then optionally `[Tt ]HH:mm[:ss[.fraction]]` and a zone (`Z`,
 * `±HH`, `±HHMM`, `±HH:MM`); leading and trailing ASCII white space is allowed.
 */
const DATE_TEXT =
  '^[\t\n\u000b\f\r ]*([0-9]{4})-([0-9]{2})-([0-9]{2})' +
  '(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:([Zz])|([+-])([0-9]{2})(?::?([0-9]{2}))?)?)?' +
  '[\t\n\u000b\f\r ]*$';

const isString = (field: string): Document => ({ $eq: [{ $type: field }, 'string'] });

/** A non-blank string. */
export function isText(field: string): Document {
  return {
    $cond: [isString(field), { $not: [{ $regexMatch: { input: field, regex: BLANK } }] }, false],
  };
}

/** Capture `index` of the date text as a number (0 when the part is absent). */
function part(index: number): Document {
  return { $toInt: { $ifNull: [{ $arrayElemAt: ['$$match.captures', index] }, '0'] } };
}

/** Whether capture `index` was matched. */
function has(index: number): Document {
  return { $ne: [{ $ifNull: [{ $arrayElemAt: ['$$match.captures', index] }, null] }, null] };
}

/** The zone's offset at a wall-clock time (a date read as UTC), by the steps the client computed. */
function offsetAt(wall: string, steps: WallClockStep[]): Document | number {
  const [first, ...later] = steps;
  if (later.length === 0) return first?.offset ?? 0;
  return {
    $switch: {
      branches: later.map((step, i) => ({
        case: { $lt: [wall, new Date(step.wall)] },
        then: (steps[i] as WallClockStep).offset,
      })),
      default: (steps.at(-1) as WallClockStep).offset,
    },
  };
}

/** The instant of a date string's captures, or null when the date does not exist or a part is out of range. */
function instantOfText(steps: WallClockStep[]): Document {
  const [written4, month, day, hour, minute, second] = [0, 1, 2, 3, 4, 5].map(part) as Document[];
  // Date.UTC reads years 0–99 as 1900–1999; the client does, so the server does too.
  const year = { $cond: [{ $lt: [written4, 100] }, { $add: [written4, 1900] }, written4] };
  const millis = {
    $toInt: {
      $substrCP: [{ $concat: [{ $ifNull: [{ $arrayElemAt: ['$$match.captures', 6] }, ''] }, '000'] }, 0, 3],
    },
  };
  const wall = { $dateFromParts: { year, month, day, hour, minute, second, millisecond: millis } };
  const sign = { $cond: [{ $eq: [{ $arrayElemAt: ['$$match.captures', 8] }, '-'] }, -1, 1] };
  const written = {
    $multiply: [sign, { $add: [{ $multiply: [part(9), 3_600_000] }, { $multiply: [part(10), 60_000] }] }],
  };
  const inRange = {
    $and: [
      { $gte: [month, 1] },
      { $lte: [month, 12] },
      { $gte: [day, 1] },
      // A day the month does not have (2016-02-30) comes back as another day of the month.
      { $eq: [{ $dayOfMonth: { $dateFromParts: { year, month, day } } }, day] },
      { $lte: [hour, 23] },
      { $lte: [minute, 59] },
      { $lte: [second, 59] },
      { $lte: [part(9), 23] },
      { $lte: [part(10), 59] },
    ],
  };
  return {
    $cond: [
      inRange,
      {
        $let: {
          vars: { wall },
          in: {
            $subtract: [
              '$$wall',
              {
                $cond: [{ $or: [has(7), has(8)] }, written, offsetAt('$$wall', steps)],
              },
            ],
          },
        },
      },
      null,
    ],
  };
}

/** A start_date as a BSON date, or null when parseResultDate would not read it. */
export function instantExpression(field: string, steps: WallClockStep[]): Document {
  return {
    $switch: {
      branches: [
        { case: { $eq: [{ $type: field }, 'date'] }, then: field },
        {
          case: isString(field),
          then: {
            $let: {
              vars: { match: { $regexFind: { input: field, regex: DATE_TEXT } } },
              in: { $cond: [{ $eq: ['$$match', null] }, null, instantOfText(steps)] },
            },
          },
        },
      ],
      default: null,
    },
  };
}
