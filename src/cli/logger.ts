// The Logger port at the terminal: one line per event on stderr, so stdout stays free for the verdict
// table and --json output. Every line goes through redactText: a URI with a password never gets out.
import { redactText } from '../config/index.js';
import { printable, type Logger } from '../core/index.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface TerminalLoggerOptions {
  format: LogFormat;
  /** Lowest level written: --verbose → debug, --quiet → warn. */
  level: LogLevel;
  write?: (line: string) => void;
  now?: () => number;
}

export function createLogger(options: TerminalLoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? Date.now;
  const log =
    (level: LogLevel) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      if (RANK[level] < RANK[options.level]) return;
      const time = new Date(now()).toISOString();
      const line =
        options.format === 'json'
          ? JSON.stringify({ time, level, event, ...fields })
          : `${time} ${level.padEnd(5)} ${event}${formatFields(fields)}`;
      write(`${redactText(line)}\n`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}=${formatValue(value)}`)
    .join('');
}

/** A name with a newline or ESC (from an old state file) must not forge a line: it is escaped. */
function formatValue(value: unknown): string {
  const text = printable(typeof value === 'string' ? value : JSON.stringify(value));
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}
