// The differential property of test/property/three-sources.property.test.ts, ten times longer.
import { describe } from 'vitest';
import { sameStatusEverywhere } from '../support/three-sources-property.js';

describe('file ≡ Mongo ≡ results API, at length', () => {
  sameStatusEverywhere(Number(process.env.THREE_SOURCES_RUNS ?? 200));
});
