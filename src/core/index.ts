// The pure core: domain types, criteria expressions, normalisation, runnable check, scoring and
// verdict. Nothing here does I/O or reads the clock; every other layer imports from this file.
export * from './model.js';
export * from './source-item.js';
export * from './errors.js';
export * from './expression.js';
export * from './normalise.js';
export * from './result-date.js';
export * from './instant-text.js';
export * from './collect.js';
export * from './scope.js';
export * from './runnable.js';
export * from './build-url.js';
export * from './memo.js';
export * from './scoring.js';
export * from './scoring-rules.js';
export * from './verdict.js';
export * from './condition.js';
export * from './flips.js';
export * from './readiness.js';
export * from './blockers.js';
export * from './history.js';
export * from './annotate.js';
export * from './changes.js';
export * from './names.js';
export * from './limits.js';
export * from './feedback.js';
export * from './feedback-pages.js';
