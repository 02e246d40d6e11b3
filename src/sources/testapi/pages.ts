// The pages of the results API: one page asked with retries and backoff, each attempt bounded in time
// and bytes (bounded-get.ts), its body checked as UTF-8 JSON with a `results` list; later pages asked in
// parallel, at most http.concurrency in flight and held.
import { SourceError, type ResultDocument } from '../../core/index.js';
import { redactText, redactUri } from '../../config/index.js';
import type { SourceStats, SourceTrace } from '../types.js';
import { BodyTooLarge, RequestTimedOut, boundedGet, type BoundedAnswer } from './bounded-get.js';

/** First wait between attempts; doubled after each failed one (no jitter, so runs are reproducible). */
const BACKOFF_MS = 200;
/** Characters of a refused answer shown in the error, enough to recognise an HTML error page. */
const SHOWN_CHARACTERS = 60;
/** A page body larger than this is refused at this byte: the file source's cap on one document. */
const MAX_PAGE_BYTES = 64 * 1024 * 1024;

export interface Page {
  documents: ResultDocument[];
  totalPages: number;
}

/** One attempt either gives a page or says why another attempt may help. */
type Attempt = { page: Page } | { failure: string };

export interface Endpoint {
  /** `{base}/results` with the base URL's own query parameters (an API token, say), without credentials. */
  resultsUrl: URL;
  headers: Record<string, string>;
}

export interface PageSettings {
  timeoutMs: number;
  retries: number;
  concurrency: number;
  /** The wait between attempts; the signal ends it early when the read stops. */
  sleep: (ms: number, stopped: AbortSignal) => Promise<void>;
  trace?: SourceTrace;
}

export interface PageReader {
  fetchPage(url: URL, stopped: AbortSignal): Promise<Page>;
  /** Pages 2…total in order, at most `concurrency` requests in flight, at most that many pages held. */
  laterPages(url: URL, totalPages: number, stopped: AbortSignal): AsyncGenerator<Page>;
}

/** Reads pages of `endpoint`, counting requests and bytes into `stats`. */
export function createPageReader(endpoint: Endpoint, stats: SourceStats, settings: PageSettings): PageReader {
  const { timeoutMs, retries, sleep } = settings;
  const concurrency = Math.max(1, settings.concurrency);

  async function fetchPage(url: URL, stopped: AbortSignal): Promise<Page> {
    const shown = redactUri(url.toString());
    let failure = '';
    for (let attempts = 0; attempts <= retries; attempts++) {
      if (attempts > 0) {
        try {
          await sleep(BACKOFF_MS * 2 ** (attempts - 1), stopped);
        } catch (error) {
          stopped.throwIfAborted();
          throw error;
        }
      }
      stopped.throwIfAborted();
      const outcome = await attemptPage(url, shown, stopped, { endpoint, stats, timeoutMs });
      if ('page' in outcome) {
        settings.trace?.('source.page', {
          url: shown,
          documents: outcome.page.documents.length,
          attempts: attempts + 1,
        });
        return outcome.page;
      }
      failure = outcome.failure;
    }
    throw new SourceError(
      `the results API ${failure} ${times(retries + 1)} for ${shown}: check that it is up, ` +
        'or raise http.retries / http.timeoutMs (one request: connect, headers and the whole body)',
    );
  }

  async function* laterPages(url: URL, totalPages: number, stopped: AbortSignal): AsyncGenerator<Page> {
    const pending: Promise<Page>[] = [];
    let next = 2;
    const start = () => {
      const page = fetchPage(withPage(url, next++), stopped);
      // A later page may fail while an earlier one is awaited; its error is rethrown on its turn.
      page.catch(() => undefined);
      pending.push(page);
    };
    while (next <= totalPages && pending.length < concurrency) start();
    for (let head = pending.shift(); head !== undefined; head = pending.shift()) {
      const page = await head;
      if (next <= totalPages) start();
      yield page;
    }
  }

  return { fetchPage, laterPages };
}

/** One request for one page: the page, or why another attempt may help; a refusal no retry cures throws. */
async function attemptPage(
  url: URL,
  shown: string,
  stopped: AbortSignal,
  { endpoint, stats, timeoutMs }: { endpoint: Endpoint; stats: SourceStats; timeoutMs: number },
): Promise<Attempt> {
  stats.commands++;
  let answer: BoundedAnswer;
  try {
    answer = await boundedGet(url, {
      headers: endpoint.headers,
      timeoutMs,
      maxBytes: MAX_PAGE_BYTES,
      stopped,
      onBytes: (count) => (stats.bytesReceived += count),
    });
  } catch (error) {
    if (stopped.aborted) throw stopped.reason;
    if (error instanceof RequestTimedOut) {
      return { failure: `timed out after ${duration(timeoutMs)}` };
    }
    if (error instanceof BodyTooLarge) {
      throw new SourceError(
        `the results API sent more than ${MAX_PAGE_BYTES / 1024 ** 2} MiB for one page (${shown}): ` +
          'a page is refused at that size, whatever its content; ask the API for smaller pages',
      );
    }
    return { failure: `could not be reached (${connectionCause(error)})` };
  }
  if (answer.status >= 500) return { failure: `answered ${answer.status}` };
  if (answer.status < 200 || answer.status >= 300) {
    throw new SourceError(
      `the results API answered ${answer.status} ${answer.statusText} for ${shown}: ` +
        'check the source URL (it ends in /api/v1) and its credentials',
    );
  }
  return { page: parsePage(answer.body, shown) };
}

function withPage(url: URL, page: number): URL {
  const paged = new URL(url);
  paged.searchParams.set('page', String(page));
  return paged;
}

function parsePage(body: Uint8Array, shown: string): Page {
  const text = new TextDecoder().decode(body);
  const invalid = firstInvalidUtf8(body, text);
  if (invalid >= 0) {
    throw new SourceError(
      `the results API sent bytes that are not UTF-8 for ${shown} at byte ${invalid} ` +
        `(${body.byteLength} bytes): JSON must be UTF-8; the page is refused rather than read with ` +
        'its names replaced',
    );
  }
  const start = JSON.stringify(text.slice(0, SHOWN_CHARACTERS));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SourceError(
      `the results API sent malformed JSON for ${shown}${byteOffset(error as Error, text)} ` +
        `(${body.byteLength} bytes starting ${start}): is the source URL the API's /api/v1 root?`,
    );
  }
  const page = value as { results?: unknown; pagination?: { total_pages?: unknown } } | null;
  if (page === null || typeof page !== 'object' || !Array.isArray(page.results)) {
    throw new SourceError(
      `the results API answer for ${shown} has no "results" list (it starts ${start}): ` +
        "is the source URL the API's /api/v1 root?",
    );
  }
  const totalPages = Number(page.pagination?.total_pages ?? 1);
  return {
    documents: page.results as ResultDocument[],
    totalPages: Number.isInteger(totalPages) && totalPages > 0 ? totalPages : 1,
  };
}

/**
 * The byte offset of the first byte that is not UTF-8, or -1. The lenient decoding put U+FFFD there;
 * one that the body really holds (bytes EF BF BD) is skipped.
 */
function firstInvalidUtf8(body: Uint8Array, text: string): number {
  // The decoder drops a leading byte order mark from the text, not from the body.
  let byte = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  let character = 0;
  for (let found = text.indexOf('\uFFFD'); found >= 0; found = text.indexOf('\uFFFD', found + 1)) {
    byte += Buffer.byteLength(text.slice(character, found));
    if (body[byte] !== 0xef || body[byte + 1] !== 0xbf || body[byte + 2] !== 0xbd) return byte;
    byte += 3;
    character = found + 1;
  }
  return -1;
}

/** JSON.parse names a character position for most errors; a person reading a dump wants the byte. */
function byteOffset(error: Error, text: string): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  if (position !== undefined) return ` at byte ${Buffer.byteLength(text.slice(0, Number(position)))}`;
  if (/end of JSON input/.test(error.message)) return ` at byte ${Buffer.byteLength(text)} (cut short)`;
  return '';
}

/** Node's fetch says only "fetch failed"; the cause holds ECONNREFUSED, ENOTFOUND, a reset socket… */
function connectionCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return redactText(String(detail));
}

export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

function times(count: number): string {
  return count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`;
}
