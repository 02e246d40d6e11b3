// The worker's side of a WorkerPool (pool.ts): answers each request with `answer`, in the order they come.
import { parentPort } from 'node:worker_threads';
import type { Reply, Request } from './pool.js';

export function serveRequests<In, Out>(answer: (request: In) => Out): void {
  const port = parentPort;
  if (port === null) throw new Error('serveRequests runs in a worker thread');
  port.on('message', ({ id, request }: Request<In>) => {
    let reply: Reply<Out>;
    try {
      reply = { id, result: answer(request) };
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      reply = { id, error: { name, message } };
    }
    port.postMessage(reply);
  });
}
