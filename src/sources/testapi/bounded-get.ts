// One GET with every wait and every byte bounded. The timer covers connect, headers and the whole
// body, and is held here until the body is read: a timeout signal referenced only from inside
// AbortSignal.any can be garbage-collected before it fires, and undici's own limits are 300 s per
// phase, restarted by every trickled byte. The body is counted while it streams, so a page larger
// than the cap is dropped at the cap, never held.

/** The exchange did not finish within its time. */
export class RequestTimedOut extends Error {
  override readonly name = 'RequestTimedOut';
}

/** The body is larger than the cap (announced, or counted while it streamed). */
export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
  constructor(readonly maxBytes: number) {
    super(`body larger than ${maxBytes} bytes`);
  }
}

export interface BoundedGetOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  /** Aborted when the whole read stops (its deadline, the reader gone, another page failed). */
  stopped: AbortSignal;
  /** Told every body chunk's size as it arrives, also for a body that is then refused. */
  onBytes: (count: number) => void;
}

export interface BoundedAnswer {
  status: number;
  statusText: string;
  body: Uint8Array;
}

/**
 * Throws RequestTimedOut, BodyTooLarge, the `stopped` signal's reason, or fetch's own error
 * (connection refused, reset…).
 */
export async function boundedGet(url: URL, options: BoundedGetOptions): Promise<BoundedAnswer> {
  options.stopped.throwIfAborted();
  const exchange = new AbortController();
  const timer = setTimeout(() => exchange.abort(new RequestTimedOut()), options.timeoutMs);
  const stop = () => exchange.abort(options.stopped.reason);
  options.stopped.addEventListener('abort', stop, { once: true });
  try {
    const response = await fetch(url, { signal: exchange.signal, headers: options.headers });
    const announced = Number(response.headers.get('content-length') ?? 0);
    if (announced > options.maxBytes) exchange.abort(new BodyTooLarge(options.maxBytes));
    const body = await readCapped(response, options, exchange);
    return { status: response.status, statusText: response.statusText, body };
  } catch (error) {
    // Whatever fetch or the body stream threw after an abort, the abort's reason is the true cause.
    if (exchange.signal.aborted) throw exchange.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    options.stopped.removeEventListener('abort', stop);
  }
}

async function readCapped(
  response: Response,
  options: BoundedGetOptions,
  exchange: AbortController,
): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array();
  exchange.signal.throwIfAborted();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    options.onBytes(value.byteLength);
    if (length > options.maxBytes) {
      exchange.abort(new BodyTooLarge(options.maxBytes));
      await reader.cancel().catch(() => undefined);
      throw exchange.signal.reason;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}
