// The differential property, kept short in the default suite (THREE_SOURCES_RUNS runs it longer;
// `npm run test:stress` runs it 200 times).
import { describe } from 'vitest';
import { sameStatusEverywhere } from '../support/three-sources-property.js';

describe('file ≡ Mongo ≡ results API', () => {
  sameStatusEverywhere(Number(process.env.THREE_SOURCES_RUNS ?? 20));
});
