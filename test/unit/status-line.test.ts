// The progress line on a terminal and the log lines written to the same stream: a log line never lands
// in the middle of the progress text, and nothing of the progress reaches a pipe or a log file.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/logger.js';
import { createStatusLine } from '../../src/cli/status-line.js';

const CLEAR = '\r\u001b[K';

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } };
}

describe('the status line', () => {
  it('clears the progress before a log line and draws it again under it', () => {
    const { written, stream } = terminal(true);
    const line = createStatusLine(stream);
    const logger = createLogger({ format: 'text', level: 'info', write: line.log, now: () => 0 });
    line.show('reading… 50,000 documents');
    logger.warn('document.rejected', { reason: 'no installer', count: 3 });
    line.show('reading… 100,000 documents');
    line.done();
    expect(written.join('')).toBe(
      `${CLEAR}reading… 50,000 documents` +
        `${CLEAR}1970-01-01T00:00:00.000Z warn  document.rejected reason="no installer" count=3\n` +
        'reading… 50,000 documents' +
        `${CLEAR}reading… 100,000 documents` +
        CLEAR,
    );
  });

  it('writes a log line as it is when no progress is shown, and nothing after done', () => {
    const { written, stream } = terminal(true);
    const line = createStatusLine(stream);
    line.log('one\n');
    line.show('writing the site…');
    line.done();
    line.log('two\n');
    line.done();
    expect(written).toEqual(['one\n', `${CLEAR}writing the site…`, CLEAR, 'two\n']);
  });

  it('shows no progress on a pipe: log lines only', () => {
    const { written, stream } = terminal(false);
    const line = createStatusLine(stream);
    line.show('reading… 50,000 documents');
    line.log('one\n');
    line.done();
    expect(written).toEqual(['one\n']);
  });
});
