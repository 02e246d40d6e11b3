// Expected failures, each written for the person at the terminal: what failed, where, what to do.
// The CLI maps them to exit codes: ConfigError → 2, SourceError and StateError → 1.

/** Bad configuration or criteria: refused before any query. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** File the problem is in, when there is one. */
    readonly file?: string,
    /** 1-based line and column inside that file. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** A criteria expression that does not parse; column is 1-based. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/** The results source could not be read (unreachable, truncated, malformed, refused). */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

/** The state file could not be read, locked or written. */
export class StateError extends Error {
  override readonly name = 'StateError';
}
