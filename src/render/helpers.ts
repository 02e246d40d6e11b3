// Every Handlebars helper of the site, in one place. Templates only use if/each and these;
// the only helper that returns markup builds it from numbers (see svg.ts).
import type { HelperDelegate } from 'handlebars';
import Handlebars from 'handlebars';
import { sparklineSvg } from './svg.js';

function numbersOnly(value: unknown): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) {
    throw new TypeError('the sparkline helper takes an array of numbers');
  }
  return value;
}

export const helpers: Record<string, HelperDelegate> = {
  sparkline: (percents: unknown) => new Handlebars.SafeString(sparklineSvg(numbersOnly(percents))),
};
