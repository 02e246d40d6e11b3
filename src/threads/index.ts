export { WorkerError, WorkerPool, type WorkerModule } from './pool.js';
export { serveRequests } from './serve.js';
