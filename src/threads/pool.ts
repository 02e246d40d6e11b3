// Worker threads for work that splits into independent requests (the file read's byte ranges): a request
// goes to a free worker, or waits for one, and its reply comes back as a promise. The pool knows nothing
// of what the requests mean; a worker module answers them with serveRequests.
import { Worker } from 'node:worker_threads';

/** The worker module beside the caller: `from` is the caller's import.meta.url, `name` the module's base name. */
export interface WorkerModule {
  from: string;
  name: string;
}

/** A request the worker could not answer: its error's name and message, as the worker threw it. */
export class WorkerError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Request<In> {
  id: number;
  request: In;
}

export type Reply<Out> =
  { id: number; result: Out } | { id: number; error: { name: string; message: string } };

interface Pending<Out> {
  resolve: (value: Out) => void;
  reject: (error: Error) => void;
}

export class WorkerPool<In, Out> {
  private readonly workers: Worker[];
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<Request<In>> = [];
  private readonly pending = new Map<number, Pending<Out>>();
  private nextId = 0;
  private failure: Error | null = null;
  private closed = false;

  constructor(module: WorkerModule, workerData: unknown, size: number) {
    this.workers = Array.from({ length: size }, () => this.start(module, workerData));
  }

  /** The reply to one request. A rejection not awaited yet is never reported as unhandled. */
  run(request: In): Promise<Out> {
    const id = this.nextId++;
    const reply = new Promise<Out>((resolve, reject) => {
      if (this.failure) reject(this.failure);
      else this.pending.set(id, { resolve, reject });
    });
    reply.catch(() => {});
    if (!this.failure) {
      this.waiting.push({ id, request });
      this.sendWhileFree();
    }
    return reply;
  }

  /** Stops every worker, whatever it is doing: requests still waiting fail. Once is enough. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const worker of this.workers) worker.removeAllListeners('exit');
    this.fail(new Error('the worker threads were stopped'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private start(module: WorkerModule, workerData: unknown): Worker {
    const worker = startWorker(module, workerData);
    worker.on('message', (reply: Reply<Out>) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('result' in reply) pending?.resolve(reply.result);
      else pending?.reject(new WorkerError(reply.error.name, reply.error.message));
      this.idle.push(worker);
      this.sendWhileFree();
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`a worker thread stopped (exit code ${code})`)));
    this.idle.push(worker);
    return worker;
  }

  private sendWhileFree(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      this.idle.pop()?.postMessage(this.waiting.shift());
    }
  }

  /** Every request not answered yet fails with the first error; later ones fail at once. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.waiting.length = 0;
  }
}

/**
 * Starts the module: its compiled JavaScript beside the caller, or, when the caller runs from its
 * TypeScript source (the tests, the bench), the source through tsx, the way the process loads it.
 */
function startWorker({ from, name }: WorkerModule, workerData: unknown): Worker {
  const fromSource = from.endsWith('.ts');
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, from);
  if (!fromSource) return new Worker(entry, { workerData });
  const load = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  // tsx's cache would be one more folder in the temporary folder, which the tests require to stay empty.
  return new Worker(load, { eval: true, workerData, env: { ...process.env, TSX_DISABLE_CACHE: '1' } });
}
