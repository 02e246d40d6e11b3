// Test infrastructure, not a product feature: a local stand-in for the results API's REST interface
// (GET /api/v1/results with project, case, installer, version, scenario, period, last and page; newest
// first, like the API), with fault hooks (5xx answers, garbage bodies, dropped connections, no answer,
// a body that trickles, a 2 GiB body streamed as the client takes it, bytes that are not UTF-8) and an
// announced page count of its own (a server that paginates forever).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseResultDate } from '../../src/core/index.js';

/**
 * error500: a 500 answer; garbage: a 200 HTML body; noResults: 200 JSON without a results list;
 * drop: the socket closed unanswered; hang: no answer at all; trickle: headers, then one body byte
 * every 50 ms, never the end; huge: 2 GiB announced in content-length and streamed while the client
 * reads; hugeChunked: the same without a length; notUtf8: a page whose installer holds byte 0xFF.
 */
export type ApiFault =
  'error500' | 'garbage' | 'noResults' | 'drop' | 'hang' | 'trickle' | 'huge' | 'hugeChunked' | 'notUtf8';

/** What the `huge` faults stream: more than any page cap, never held in memory. */
export const HUGE_BODY_BYTES = 2 * 1024 ** 3;
const TRICKLE_INTERVAL_MS = 50;

export interface ResultsApiServer {
  /** Base URL, like production's `http://host:8000/api/v1`. */
  url: string;
  /** Every request received, in order. */
  requests: URL[];
  /** The headers of every request, in the same order. */
  headers: IncomingHttpHeaders[];
  /** Most requests in flight at the same time. */
  maxInFlight: number;
  /** Body bytes of every answer sent. */
  bytesSent: number;
  /** Requests whose client went away before the answer was complete. */
  abandoned: number;
  /** Faults answered to the next requests, one per request, in order; push more at any time. */
  faults: ApiFault[];
  close(): Promise<void>;
}

export async function startResultsApiServer(options: {
  documents: Record<string, unknown>[];
  pageSize?: number;
  faults?: ApiFault[];
  /** A fault chosen per request (by page, say), before the `faults` queue. */
  faultFor?: (url: URL) => ApiFault | undefined;
  /** The server's clock, for `period` (days back). */
  now: number;
  /** Slows answers, so concurrent requests overlap (a function: per request, to reorder them). */
  delayMs?: number | ((url: URL) => number);
  /** Announced in every answer instead of the true count: 1e9 makes a server that paginates forever. */
  totalPages?: number;
}): Promise<ResultsApiServer> {
  const pageSize = options.pageSize ?? 100;
  let inFlight = 0;
  const hanging: ServerResponse[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const state: ResultsApiServer = {
    url: '',
    requests: [],
    headers: [],
    maxInFlight: 0,
    bytesSent: 0,
    abandoned: 0,
    faults: [...(options.faults ?? [])],
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };

  const send = (response: ServerResponse, status: number, body: string) => {
    state.bytesSent += Buffer.byteLength(body);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(body);
  };

  const answer = (url: URL, response: ServerResponse) => {
    if (url.pathname !== '/api/v1/results') return send(response, 404, '{"error": "not found"}');
    const period = integerParam(url, 'period');
    const last = integerParam(url, 'last');
    const page = integerParam(url, 'page') ?? 1;
    if (Number.isNaN(period) || Number.isNaN(last) || Number.isNaN(page)) {
      return send(response, 400, '{"error": "period, last and page must be int"}');
    }
    const matching = matchingDocuments(options.documents, url.searchParams, options.now, period, last);
    const totalPages = options.totalPages ?? Math.max(1, Math.ceil(matching.length / pageSize));
    const results = matching.slice((page - 1) * pageSize, page * pageSize);
    send(
      response,
      200,
      JSON.stringify({ pagination: { current_page: page, total_pages: totalPages }, results }),
    );
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    state.requests.push(url);
    state.headers.push(request.headers);
    response.on('close', () => {
      if (!response.writableFinished) state.abandoned++;
    });
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      const delay = typeof options.delayMs === 'function' ? options.delayMs(url) : options.delayMs;
      if (delay) await new Promise((done) => setTimeout(done, delay));
      const fault = options.faultFor?.(url) ?? state.faults.shift();
      if (fault === 'hang') hanging.push(response);
      else if (fault === 'drop') request.socket.destroy();
      else if (fault === 'error500') send(response, 500, '{"error": "internal"}');
      else if (fault === 'garbage') send(response, 200, '<html>proxy error</html>');
      else if (fault === 'noResults') send(response, 200, '{"message": "use /api/v1"}');
      else if (fault === 'trickle') trickle(response);
      else if (fault === 'huge' || fault === 'hugeChunked') streamHuge(response, fault === 'huge');
      else if (fault === 'notUtf8') sendNotUtf8(response);
      else answer(url, response);
    } finally {
      inFlight--;
    }
  };

  const trickle = (response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"results": [');
    const timer = setInterval(() => {
      state.bytesSent++;
      response.write(' ');
    }, TRICKLE_INTERVAL_MS);
    timers.add(timer);
    response.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  };

  /** Writes as fast as the client reads (backpressure), so 2 GiB are announced but never held. */
  const streamHuge = (response: ServerResponse, announced: boolean) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(announced ? { 'content-length': String(HUGE_BODY_BYTES) } : {}),
    });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let left = HUGE_BODY_BYTES;
    const pump = () => {
      while (left > 0 && !response.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        state.bytesSent += piece.length;
        if (!response.write(piece)) return void response.once('drain', pump);
      }
      if (left === 0) response.end();
    };
    pump();
  };

  const sendNotUtf8 = (response: ServerResponse) => {
    const body = Buffer.concat([
      Buffer.from('{"pagination": {"total_pages": 1}, "results": [{"installer": "fu'),
      Buffer.from([0xff]),
      Buffer.from('el"}]}'),
    ]);
    state.bytesSent += body.length;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
  };

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  return state;
}

/** undefined when absent, NaN when not an integer (the API answers 400). */
function integerParam(url: URL, name: string): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null) return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : NaN;
}

const FIELDS: Record<string, string> = {
  project: 'project_name',
  case: 'case_name',
  installer: 'installer',
  version: 'version',
  scenario: 'scenario',
};

function matchingDocuments(
  documents: Record<string, unknown>[],
  params: URLSearchParams,
  now: number,
  period: number | undefined,
  last: number | undefined,
): Record<string, unknown>[] {
  const since = period !== undefined && period > 0 ? now - period * 86_400_000 : -Infinity;
  const matching = documents
    .filter((document) =>
      Object.entries(FIELDS).every(
        ([param, field]) => !params.has(param) || document[field] === params.get(param),
      ),
    )
    .map((document) => ({ document, startedAt: instantOf(document.start_date) }))
    // A date the stand-in cannot read is kept, newest-last: the source must pass it on for the core to judge.
    .filter(({ startedAt }) => Number.isNaN(startedAt) || startedAt >= since)
    .sort((a, b) => sortKey(b.startedAt) - sortKey(a.startedAt))
    .map(({ document }) => document);
  return last !== undefined && last > 0 ? matching.slice(0, last) : matching;
}

function sortKey(startedAt: number): number {
  return Number.isNaN(startedAt) ? -Number.MAX_VALUE : startedAt;
}

/**
 * start_date as the core reads it (a zoneless one as UTC: `period` has a day's slack for the zone);
 * NaN when it is not a date, which the stand-in keeps for the core to reject.
 */
function instantOf(value: unknown): number {
  return parseResultDate(value, 'UTC') ?? NaN;
}
