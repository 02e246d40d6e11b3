// mongodb:// and mongodb+srv:// — the production path. The database does the work: one aggregate
// command per version (plus its getMores) matches the window, keeps the newest maxRuns runs of every
// (installer, scenario, test case) and ships only the fields scoring and pages read. The driver's
// command monitoring counts what crossed the wire for status.json.
import {
  MongoClient,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  BSON,
  type Collection,
  type Document,
} from 'mongodb';
import { redactUri } from '../../config/index.js';
import type { ReportingConfig } from '../../config/types.js';
import {
  REJECTION_REASONS,
  SourceError,
  unreadableItem,
  type ResultDocument,
  type SourceItem,
} from '../../core/index.js';
import type { PresenceFilter, ResultsQuery, ResultsSource, SourceStats, SourceTrace } from '../types.js';
import { RESULTS_INDEX_NAME, presenceFilter, resultsIndexSpec, versionsFilter } from './filters.js';
import { REJECTED, resultsPipeline } from './pipeline.js';

export { resultsIndexSpec, RESULTS_INDEX_NAME } from './filters.js';
export { resultsPipeline } from './pipeline.js';

/** MongoDB 5.0 (wire version 13) added $setWindowFields and $denseRank; older servers get $sort + $push. */
const WINDOW_FIELDS_WIRE_VERSION = 13;
/** The commands this source sends while reading, counted in status.json. */
const COUNTED = new Set(['hello', 'distinct', 'aggregate', 'getMore', 'killCursors']);
const AUTH_FAILED = 18;
const NAMESPACE_NOT_FOUND = 26;

/** Reasons the pipeline gives for a document it could not place in time; every other one it rejected lies in the window. */
const UNDATED = new Set(['no start_date', 'bad start_date']);

export function createMongoSource(config: ReportingConfig, trace?: SourceTrace): ResultsSource {
  const stats: SourceStats = { commands: 0, aggregates: 0, documentsReceived: 0, bytesReceived: 0 };
  const where = whereOf(config);
  let client: MongoClient | null = null;
  const connect = async (): Promise<MongoClient> => {
    client = await connectCounting(config, stats, trace);
    return client;
  };

  async function* documents(query: ResultsQuery): AsyncGenerator<SourceItem> {
    try {
      const connected = client ?? (await connect());
      const db = connected.db(config.database);
      const hello = await db.admin().command({ hello: 1 });
      const windowFields = Number(hello.maxWireVersion ?? 0) >= WINDOW_FIELDS_WIRE_VERSION;
      const collection = db.collection(config.collection);
      const versions =
        query.versions.length > 0 ? query.versions : await versionsIn(collection, query, config);
      // Documents without a usable version belong to no version: counted once, with the first one read.
      const withoutVersion = query.versions.length === 0;
      const reads: (string | null)[] = versions.length > 0 ? versions : withoutVersion ? [null] : [];
      for (const [i, version] of reads.entries()) {
        const options = {
          windowFields,
          dataTimeZone: config.dataTimeZone,
          excludeVirtual: config.excludeVirtual,
          excludeNoha: config.excludeNoha,
          withoutVersion: withoutVersion && i === 0,
        };
        const cursor = collection.aggregate<ResultDocument>(resultsPipeline(query, version, options), {
          allowDiskUse: config.mongo.allowDiskUse,
          maxTimeMS: config.mongo.maxTimeMS,
          batchSize: 1000,
        });
        for await (const document of cursor) yield sourceItemOf(document);
      }
    } catch (error) {
      throw sourceError(error, where, config);
    }
  }

  return {
    description: where,
    documents,
    holds: async (filter) => {
      try {
        return await holdsAny(client ?? (await connect()), filter, config);
      } catch (error) {
        throw sourceError(error, where, config);
      }
    },
    stats: () => ({ ...stats }),
    close: async () => {
      await client?.close();
      client = null;
    },
  };
}

/** One find with limit 1, answered from the index's leading version key when a version is named. */
async function holdsAny(
  client: MongoClient,
  filter: PresenceFilter,
  config: ReportingConfig,
): Promise<boolean> {
  const found = await client
    .db(config.database)
    .collection(config.collection)
    .findOne(presenceFilter(filter), { projection: { _id: 1 }, maxTimeMS: config.mongo.maxTimeMS });
  return found !== null;
}

/** A client that counts the commands, documents and bytes of the job's reads into `stats`. */
async function connectCounting(
  config: ReportingConfig,
  stats: SourceStats,
  trace: SourceTrace | undefined,
): Promise<MongoClient> {
  const client = new MongoClient(config.source, {
    serverSelectionTimeoutMS: config.mongo.serverSelectionTimeoutMS,
    connectTimeoutMS: config.mongo.serverSelectionTimeoutMS,
    socketTimeoutMS: silentAfterMs(config),
    monitorCommands: true,
    appName: 'scenario-report',
  });
  client.on('commandStarted', (event) => {
    if (!COUNTED.has(event.commandName)) return;
    stats.commands++;
    if (event.commandName === 'aggregate') stats.aggregates = (stats.aggregates ?? 0) + 1;
  });
  client.on('commandSucceeded', (event) => {
    if (!COUNTED.has(event.commandName)) return;
    const reply = event.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } } | undefined;
    const documents = reply?.cursor?.firstBatch?.length ?? reply?.cursor?.nextBatch?.length ?? 0;
    const bytes = BSON.calculateObjectSize(reply as Document);
    stats.documentsReceived += documents;
    stats.bytesReceived += bytes;
    trace?.('source.page', { command: event.commandName, documents, bytes, ms: event.duration });
  });
  try {
    await client.connect();
  } catch (error) {
    // A client that never connected still holds its monitoring timers.
    await client.close();
    throw error;
  }
  return client;
}

async function versionsIn(
  collection: Collection,
  query: ResultsQuery,
  config: ReportingConfig,
): Promise<string[]> {
  const versions = (await collection.distinct('version', versionsFilter(query), {
    maxTimeMS: config.mongo.maxTimeMS,
  })) as unknown[];
  return versions.filter((version): version is string => typeof version === 'string').sort();
}

/** A document the pipeline rejected comes as its reason alone: an unreadable item, placed in the window unless undated. */
function sourceItemOf(document: ResultDocument): SourceItem {
  const reason = document[REJECTED];
  // Only the server's own answer has that one field: a real document holding it is judged as one.
  const judged = typeof reason === 'string' && Object.keys(document).length === 1;
  return judged && REJECTION_REASONS.includes(reason)
    ? unreadableItem(reason, !UNDATED.has(reason))
    : document;
}

/**
 * How long a reply may take before the server is taken for gone. maxTimeMS makes a live server end a
 * slow command itself and answer with an error; a server (or a network path) that has stopped answering
 * never does, and without a socket timeout the job, and every later `schedule` tick, would wait forever.
 */
function silentAfterMs(config: ReportingConfig): number {
  return config.mongo.maxTimeMS + config.mongo.serverSelectionTimeoutMS;
}

/** The server and collection, for messages and status.json; never with a password. */
function whereOf(config: ReportingConfig): string {
  return `${redactUri(config.source)} (${config.database}.${config.collection})`;
}

/** The driver's errors, told in the terms of the person running the job; never with a password. */
function sourceError(error: unknown, where: string, config: ReportingConfig): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof MongoServerSelectionError) {
    return new SourceError(
      `cannot reach MongoDB at ${where} within ${config.mongo.serverSelectionTimeoutMS} ms. ` +
        'Check the URI, the network and that the server is running; nothing was written.',
      { cause: error },
    );
  }
  if (error instanceof MongoServerError && error.code === AUTH_FAILED) {
    const user = safeUser(config.source);
    return new SourceError(
      `authentication failed${user ? ` for user "${user}"` : ''} on ${where}: check the user name, the password ` +
        'and authSource in the URI; the user needs read access to the collection.',
      { cause: error },
    );
  }
  if (error instanceof MongoNetworkTimeoutError) {
    return new SourceError(
      `MongoDB at ${where} did not answer within ${silentAfterMs(config)} ms ` +
        '(mongo.maxTimeMS + mongo.serverSelectionTimeoutMS); nothing was written.',
      { cause: error },
    );
  }
  if (error instanceof MongoNetworkError) {
    return new SourceError(
      `the connection to MongoDB at ${where} was lost while reading results (${error.message}); nothing was written.`,
      { cause: error },
    );
  }
  return new SourceError(`reading results from MongoDB at ${where} failed: ${(error as Error).message}`, {
    cause: error,
  });
}

function safeUser(uri: string): string | null {
  try {
    return decodeURIComponent(new URL(uri).username) || null;
  } catch {
    return null;
  }
}

/** Creates the index the aggregation's $match uses; returns its name and keys. */
export async function createResultIndexes(
  config: ReportingConfig,
): Promise<{ name: string; keys: Record<string, 1 | -1>; existed: boolean }> {
  const client = new MongoClient(config.source, {
    serverSelectionTimeoutMS: config.mongo.serverSelectionTimeoutMS,
    socketTimeoutMS: silentAfterMs(config),
  });
  const where = whereOf(config);
  const keys = resultsIndexSpec();
  try {
    const collection = client.db(config.database).collection(config.collection);
    const existing = await collection
      .listIndexes()
      .toArray()
      .catch((error: unknown) => {
        // A collection nobody has written to yet has no indexes; the server says so with code 26.
        if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [] as Document[];
        throw error;
      });
    // The same keys under another name serve the aggregation as well; creating ours would fail (85).
    const equivalent = existing.find((index) => sameKeys(index.key as Document, keys));
    if (equivalent) return { name: String(equivalent.name), keys, existed: true };
    if (existing.some((index) => index.name === RESULTS_INDEX_NAME)) {
      throw new SourceError(
        `${where} has an index named ${RESULTS_INDEX_NAME} on other fields than ${JSON.stringify(keys)}: ` +
          'drop it (db.collection.dropIndex) and run indexes --create again.',
      );
    }
    await collection.createIndex(keys, { name: RESULTS_INDEX_NAME });
    return { name: RESULTS_INDEX_NAME, keys, existed: false };
  } catch (error) {
    throw sourceError(error, where, config);
  } finally {
    await client.close();
  }
}

/** The same fields in the same order and directions: the one thing that makes two indexes the same to a server. */
function sameKeys(a: Document, b: Record<string, 1 | -1>): boolean {
  const left = Object.entries(a);
  const right = Object.entries(b);
  return (
    left.length === right.length &&
    left.every(([field, direction], i) => field === right[i]?.[0] && Number(direction) === right[i]?.[1])
  );
}
