// Results sources: where result documents come from. Each streams raw documents for a query;
// normalisation and scoring happen in the core, the same for every source.
export type { ResultsQuery, ResultsSource, SourceStats } from './types.js';
