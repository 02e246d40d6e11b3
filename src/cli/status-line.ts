// The one updating line a long run shows on a terminal's stderr ("reading… 150,000 documents"). Log
// lines go to the same stream: each is written on a cleared line and the progress is drawn again under
// it, so a log line never ends in the middle of the progress text.

const CLEAR = '\r\u001b[K';

export interface StatusStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface StatusLine {
  /** Replaces the line's text. */
  show(text: string): void;
  /** Writes a whole log line above the status line. */
  log(line: string): void;
  /** Clears the line for good (the run is over). */
  done(): void;
}

/** A status line on a terminal; elsewhere (a pipe, a log file) it shows nothing and passes log lines on. */
export function createStatusLine(stream: StatusStream): StatusLine {
  let shown: string | null = null;
  const onTerminal = stream.isTTY === true;
  return {
    show(text) {
      if (!onTerminal) return;
      shown = text;
      stream.write(`${CLEAR}${text}`);
    },
    log(line) {
      if (shown === null) {
        stream.write(line);
        return;
      }
      stream.write(`${CLEAR}${line}${shown}`);
    },
    done() {
      if (shown !== null) stream.write(CLEAR);
      shown = null;
    },
  };
}
