// Test infrastructure, not a product feature: a local stand-in for the results API's REST interface
// (GET /api/v1/results with project, case, installer, version, scenario, period, last and page), with
// fault hooks (5xx answers, garbage bodies, answers that never come).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ApiFault = 'error500' | 'garbage' | 'hang';

export interface ResultsApiServer {
  url: string;
  /** Every request received, in order. */
  requests: URL[];
  /** Most requests in flight at the same time. */
  maxInFlight: number;
  /** Faults answered to the next requests, one per request, in order. */
  faults: ApiFault[];
  close(): Promise<void>;
}

export async function startResultsApiServer(options: {
  documents: Record<string, unknown>[];
  pageSize?: number;
  /** The server's clock, for `period` (days back). */
  now: number;
  /** Slows every answer, so concurrent requests overlap. */
  delayMs?: number;
}): Promise<ResultsApiServer> {
  const pageSize = options.pageSize ?? 100;
  let inFlight = 0;
  const hanging: ServerResponse[] = [];
  const state: ResultsApiServer = {
    url: '',
    requests: [],
    maxInFlight: 0,
    faults: [],
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    state.requests.push(url);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      if (options.delayMs) await new Promise((done) => setTimeout(done, options.delayMs));
      const fault = state.faults.shift();
      if (fault === 'hang') {
        hanging.push(response);
        return;
      }
      if (fault === 'error500') return send(response, 500, '{"error": "internal"}');
      if (fault === 'garbage') return send(response, 200, '<html>proxy error</html>');
      if (url.pathname !== '/api/v1/results') return send(response, 404, '{"error": "not found"}');
      const matching = filter(options.documents, url.searchParams, options.now);
      const totalPages = Math.max(1, Math.ceil(matching.length / pageSize));
      const page = Number(url.searchParams.get('page') ?? '1');
      const results = matching.slice((page - 1) * pageSize, page * pageSize);
      send(
        response,
        200,
        JSON.stringify({ pagination: { current_page: page, total_pages: totalPages }, results }),
      );
    } finally {
      inFlight--;
    }
  };

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  return state;
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
}

const FIELDS: Record<string, string> = {
  project: 'project_name',
  case: 'case_name',
  installer: 'installer',
  version: 'version',
  scenario: 'scenario',
};

function filter(documents: Record<string, unknown>[], params: URLSearchParams, now: number) {
  let matching = documents.filter((document) =>
    Object.entries(FIELDS).every(
      ([param, field]) => !params.has(param) || document[field] === params.get(param),
    ),
  );
  const period = params.get('period');
  if (period !== null) {
    const since = now - Number(period) * 86_400_000;
    matching = matching.filter((document) => {
      const date = document.start_date;
      const text = typeof date === 'object' && date !== null ? (date as { $date?: unknown }).$date : date;
      const iso = String(text).replace(' ', 'T');
      const instant =
        typeof text === 'number' ? text : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
      return Number.isNaN(instant) || instant >= since;
    });
  }
  const last = params.get('last');
  return last === null ? matching : matching.slice(-Number(last));
}
