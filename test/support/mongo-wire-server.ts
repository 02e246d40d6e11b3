// Test infrastructure, not a product feature: a small server that speaks the MongoDB wire protocol
// (OP_MSG, and the legacy OP_QUERY handshake) well enough for the official driver and our Mongo source,
// so their tests run on machines without a MongoDB server. Documents live in memory; filters, sorts,
// projections and aggregation pipelines are evaluated by mingo. When MONGODB_URI is set, the same tests
// run against that real server instead. Where a real server refuses or differs (conflicting indexes,
// missing collections, arrays in distinct, the 16 MiB batch limit, idle cursors, the order of ties), this
// one does too, so a test that passes here does not pass only because the fake is kinder.
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { BSON, Long, ObjectId, type Document } from 'bson';
import { aggregateAsServer } from './bson-order.js';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const HEADER_BYTES = 16;

export interface MongoWireServerOptions {
  /** What `hello` reports: 21 is MongoDB 7.0, 13 is 5.0 (the first with $setWindowFields), 9 is 4.4. */
  maxWireVersion?: number;
  /** Refuse every authentication attempt, as a server does for bad credentials. */
  refuseAuth?: boolean;
  /** Documents per batch when a command gives no batchSize. */
  defaultBatchSize?: number;
  /**
   * Feed the pipelines the collection newest-inserted first. A real server promises no order between
   * documents a sort or $topN sees as equal; mingo keeps insertion order, so a test that passes only in
   * that order is caught by running it both ways.
   */
  reverseNaturalOrder?: boolean;
  /** A cursor idle this long is gone, as on a server (cursorTimeoutMillis, 10 minutes by default). */
  cursorTimeoutMs?: number;
  /** The server's clock, for cursor timeouts; tests move it instead of waiting. */
  now?: () => number;
  /** Commands (lower case) never answered: a server that stops answering with the connection open. */
  silentOn?: string[];
}

/** A reply larger than this is refused by the driver; a server ends a batch before it gets there. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const NAMESPACE_NOT_FOUND = 26;
const INDEX_OPTIONS_CONFLICT = 85;
const INDEX_KEY_SPECS_CONFLICT = 86;

export interface MongoWireServer {
  uri: string;
  port: number;
  /** Every command received, by name, in order (handshakes included). */
  commands: string[];
  /** Every aggregate command's body, to inspect the pipelines sent. */
  aggregates: Document[];
  /** Bytes of every reply sent. */
  bytesSent: number;
  /** Drop the connection instead of answering the next getMore (a network failure mid-cursor). */
  dropNextGetMore(): void;
  insert(database: string, collection: string, documents: Document[]): void;
  close(): Promise<void>;
}

/** mingo with a server's comparison operators (see bson-order.ts). */
const runPipeline = (documents: Document[], pipeline: Document[]) =>
  aggregateAsServer(documents, pipeline) as Document[];

interface Cursor {
  ns: string;
  documents: Document[];
  position: number;
  /** When the cursor was last used (server clock), for the idle timeout. */
  usedAt: number;
}

/** BSON equality of two values, as a server compares index keys and distinct values. */
function sameBson(a: unknown, b: unknown): boolean {
  return Buffer.from(BSON.serialize({ v: a })).equals(BSON.serialize({ v: b }));
}

/** The values at a dotted path, arrays flattened one level at every step, as `distinct` sees them. */
function valuesAt(document: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(document) ? document : [document];
  if (Array.isArray(document)) return document.flatMap((element) => valuesAt(element, path));
  if (document === null || typeof document !== 'object') return [];
  const [head, ...rest] = path as [string, ...string[]];
  const value = (document as Document)[head];
  return value === undefined ? [] : valuesAt(value, rest);
}

export async function startMongoWireServer(options: MongoWireServerOptions = {}): Promise<MongoWireServer> {
  const maxWireVersion = options.maxWireVersion ?? 21;
  const defaultBatchSize = options.defaultBatchSize ?? 101;
  const cursorTimeoutMs = options.cursorTimeoutMs ?? 600_000;
  const now = options.now ?? Date.now;
  const databases = new Map<string, Map<string, Document[]>>();
  const indexes = new Map<string, Document[]>();
  const cursors = new Map<string, Cursor>();
  const sockets = new Set<Socket>();
  let nextCursorId = 1n;
  let nextConnectionId = 1;
  let dropGetMore = false;

  const collection = (database: string, name: string, create = false): Document[] | undefined => {
    let byName = databases.get(database);
    if (!byName && create) databases.set(database, (byName = new Map()));
    let documents = byName?.get(name);
    if (!documents && create && byName) byName.set(name, (documents = []));
    return documents;
  };

  /** What pipelines see of a collection: insertion order, or its reverse (reverseNaturalOrder). */
  const stored = (database: string, name: string): Document[] => {
    const documents = collection(database, name) ?? [];
    return options.reverseNaturalOrder ? [...documents].reverse() : documents;
  };

  /** Up to `size` documents from `position`, ended early so the batch stays under 16 MiB (never empty). */
  const batchFrom = (documents: Document[], position: number, size: number): Document[] => {
    const batch: Document[] = [];
    let bytes = 0;
    for (let i = position; i < documents.length && batch.length < size; i++) {
      const next = BSON.calculateObjectSize(documents[i] as Document);
      if (batch.length > 0 && bytes + next > MAX_BATCH_BYTES) break;
      batch.push(documents[i] as Document);
      bytes += next;
    }
    return batch;
  };

  const openCursor = (ns: string, documents: Document[], batchSize: number | undefined) => {
    const batch = batchFrom(documents, 0, batchSize ?? defaultBatchSize);
    let id = 0n;
    if (documents.length > batch.length) {
      id = nextCursorId++;
      cursors.set(String(id), { ns, documents, position: batch.length, usedAt: now() });
    }
    return { cursor: { firstBatch: batch, id: Long.fromBigInt(id), ns }, ok: 1 };
  };

  const namespaceNotFound = (ns: string) => ({
    ok: 0,
    errmsg: `ns does not exist: ${ns}`,
    code: NAMESPACE_NOT_FOUND,
    codeName: 'NamespaceNotFound',
  });

  const server: MongoWireServer = {
    uri: '',
    port: 0,
    commands: [],
    aggregates: [],
    bytesSent: 0,
    dropNextGetMore: () => {
      dropGetMore = true;
    },
    insert: (database, name, documents) => {
      collection(database, name, true)?.push(...documents.map((d) => ({ _id: new ObjectId(), ...d })));
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => tcp.close(() => done()));
    },
  };

  /**
   * As a server: an index with the same name and keys exists → nothing to do; the same name with other
   * keys → 86; the same keys under another name → 85.
   */
  const createIndexes = (database: string, target: string, wanted: Document[]): Document => {
    collection(database, target, true);
    const list = indexes.get(`${database}.${target}`) ?? [{ v: 2, key: { _id: 1 }, name: '_id_' }];
    const before = list.length;
    for (const index of wanted) {
      const named = list.find((existing) => existing.name === index.name);
      if (named && !sameBson(named.key, index.key)) {
        return {
          ok: 0,
          errmsg: `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(index)}, existing index: ${JSON.stringify(named)}`,
          code: INDEX_KEY_SPECS_CONFLICT,
          codeName: 'IndexKeySpecsConflict',
        };
      }
      const keyed = list.find((existing) => sameBson(existing.key, index.key));
      if (keyed && keyed.name !== index.name) {
        return {
          ok: 0,
          errmsg: `Index already exists with a different name: ${String(keyed.name)}`,
          code: INDEX_OPTIONS_CONFLICT,
          codeName: 'IndexOptionsConflict',
        };
      }
      if (!named) list.push({ v: 2, ...index });
    }
    indexes.set(`${database}.${target}`, list);
    return { numIndexesBefore: before, numIndexesAfter: list.length, ok: 1 };
  };

  const hello = (connectionId: number): Document => ({
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion,
    readOnly: false,
    ok: 1,
  });

  /** Answers one command; `null` means: drop the connection. */
  const command = (body: Document, connectionId: number): Document | null => {
    const name = Object.keys(body)[0] ?? '';
    server.commands.push(name);
    const database = String(body.$db ?? 'admin');
    const target = body[name] as string;
    switch (name.toLowerCase()) {
      case 'hello':
      case 'ismaster':
        return hello(connectionId);
      case 'ping':
      case 'endsessions':
        return { ok: 1 };
      case 'buildinfo':
        return { version: '7.0.0', versionArray: [7, 0, 0, 0], ok: 1 };
      case 'saslstart':
      case 'authenticate':
        return options.refuseAuth
          ? { ok: 0, errmsg: 'Authentication failed.', code: 18, codeName: 'AuthenticationFailed' }
          : { ok: 0, errmsg: 'this test server has no users', code: 18, codeName: 'AuthenticationFailed' };
      case 'listdatabases':
        return {
          databases: [...databases.keys()].map((db) => ({ name: db, sizeOnDisk: 1, empty: false })),
          ok: 1,
        };
      case 'listcollections':
        return openCursor(
          `${database}.$cmd.listCollections`,
          [...(databases.get(database)?.keys() ?? [])].map((c) => ({
            name: c,
            type: 'collection',
            options: {},
          })),
          undefined,
        );
      case 'create':
        collection(database, target, true);
        return { ok: 1 };
      case 'drop':
        databases.get(database)?.delete(target);
        indexes.delete(`${database}.${target}`);
        return { ok: 1 };
      case 'dropdatabase':
        databases.delete(database);
        for (const ns of indexes.keys()) if (ns.startsWith(`${database}.`)) indexes.delete(ns);
        return { ok: 1 };
      case 'insert': {
        const documents = (body.documents as Document[]) ?? [];
        server.insert(database, target, documents);
        return { n: documents.length, ok: 1 };
      }
      case 'delete': {
        const documents = collection(database, target) ?? [];
        let n = 0;
        for (const { q } of body.deletes as { q: Document }[]) {
          const matching = new Set(runPipeline(documents, [{ $match: q }]) as Document[]);
          n += matching.size;
          const kept = documents.filter((d) => !matching.has(d));
          documents.splice(0, documents.length, ...kept);
        }
        return { n, ok: 1 };
      }
      case 'createindexes':
        return createIndexes(database, target, body.indexes as Document[]);
      case 'listindexes': {
        if (!collection(database, target)) return namespaceNotFound(`${database}.${target}`);
        return openCursor(
          `${database}.${target}`,
          indexes.get(`${database}.${target}`) ?? [{ v: 2, key: { _id: 1 }, name: '_id_' }],
          undefined,
        );
      }
      case 'count': {
        const documents = stored(database, target);
        return { n: runPipeline(documents, [{ $match: body.query ?? {} }]).length, ok: 1 };
      }
      case 'distinct': {
        const documents = runPipeline(stored(database, target), [{ $match: body.query ?? {} }]) as Document[];
        // A server flattens arrays: a document with version ['a', 'b'] gives 'a' and 'b', never the array.
        const values: unknown[] = [];
        for (const value of documents.flatMap((d) => valuesAt(d, String(body.key).split('.')))) {
          if (!values.some((seen) => sameBson(seen, value))) values.push(value);
        }
        return { values, ok: 1 };
      }
      case 'find': {
        const pipeline: Document[] = [{ $match: body.filter ?? {} }];
        if (body.sort) pipeline.push({ $sort: body.sort });
        if (body.skip) pipeline.push({ $skip: body.skip });
        if (body.limit) pipeline.push({ $limit: body.limit });
        if (body.projection && Object.keys(body.projection).length > 0)
          pipeline.push({ $project: body.projection });
        const documents = runPipeline(stored(database, target), pipeline) as Document[];
        return openCursor(`${database}.${target}`, documents, body.batchSize as number | undefined);
      }
      case 'aggregate': {
        server.aggregates.push(body);
        const documents = runPipeline(stored(database, target), body.pipeline as Document[]) as Document[];
        const batchSize = (body.cursor as { batchSize?: number } | undefined)?.batchSize;
        return openCursor(`${database}.${target}`, documents, batchSize);
      }
      case 'getmore': {
        if (dropGetMore) {
          dropGetMore = false;
          return null;
        }
        const id = String((body.getMore as Long).toBigInt());
        const cursor = cursors.get(id);
        if (cursor && now() - cursor.usedAt > cursorTimeoutMs) cursors.delete(id);
        if (!cursor || !cursors.has(id))
          return { ok: 0, errmsg: `cursor id ${id} not found`, code: 43, codeName: 'CursorNotFound' };
        const size = (body.batchSize as number | undefined) ?? defaultBatchSize;
        const batch = batchFrom(cursor.documents, cursor.position, size);
        cursor.position += batch.length;
        cursor.usedAt = now();
        const done = cursor.position >= cursor.documents.length;
        if (done) cursors.delete(id);
        return {
          cursor: { nextBatch: batch, id: Long.fromBigInt(done ? 0n : BigInt(id)), ns: cursor.ns },
          ok: 1,
        };
      }
      case 'killcursors': {
        const ids = (body.cursors as Long[]).map((id) => String(id.toBigInt()));
        for (const id of ids) cursors.delete(id);
        return { cursorsKilled: ids.map((id) => Long.fromBigInt(BigInt(id))), ok: 1 };
      }
      default:
        return { ok: 0, errmsg: `no such command: '${name}'`, code: 59, codeName: 'CommandNotFound' };
    }
  };

  const answer = (
    socket: Socket,
    requestId: number,
    connectionId: number,
    opCode: number,
    payload: Buffer,
  ) => {
    if (opCode === OP_QUERY) {
      // The legacy handshake: flags, full collection name, skip, return, then the command document.
      const nameEnd = payload.indexOf(0, 4);
      const query = BSON.deserialize(payload.subarray(nameEnd + 9), { promoteLongs: false });
      const reply = command(query, connectionId) ?? { ok: 0 };
      const documentBytes = BSON.serialize(reply);
      const body = Buffer.alloc(20);
      body.writeInt32LE(0, 0);
      body.writeBigInt64LE(0n, 4);
      body.writeInt32LE(0, 12);
      body.writeInt32LE(1, 16);
      send(socket, requestId, OP_REPLY, Buffer.concat([body, documentBytes]));
      return;
    }
    if (opCode !== OP_MSG) {
      socket.destroy();
      return;
    }
    let offset = 4;
    let body: Document = {};
    while (offset < payload.length) {
      const kind = payload[offset];
      offset += 1;
      if (kind === 0) {
        const size = payload.readInt32LE(offset);
        body = BSON.deserialize(payload.subarray(offset, offset + size), { promoteLongs: false });
        offset += size;
      } else if (kind === 1) {
        const size = payload.readInt32LE(offset);
        const end = offset + size;
        const nameEnd = payload.indexOf(0, offset + 4);
        const identifier = payload.toString('utf8', offset + 4, nameEnd);
        const documents: Document[] = [];
        let position = nameEnd + 1;
        while (position < end) {
          const length = payload.readInt32LE(position);
          documents.push(
            BSON.deserialize(payload.subarray(position, position + length), { promoteLongs: false }),
          );
          position += length;
        }
        body[identifier] = documents;
        offset = end;
      } else {
        break;
      }
    }
    if (options.silentOn?.includes(String(Object.keys(body)[0]).toLowerCase())) return;
    let reply: Document | null;
    try {
      reply = command(body, connectionId);
    } catch (error) {
      // What a real server does with a pipeline it cannot run: an error reply, not a dead connection.
      reply = { ok: 0, errmsg: (error as Error).message, code: 2, codeName: 'BadValue' };
    }
    if (reply === null) {
      socket.destroy();
      return;
    }
    const flags = Buffer.alloc(5);
    send(socket, requestId, OP_MSG, Buffer.concat([flags, BSON.serialize(reply)]));
  };

  const send = (socket: Socket, responseTo: number, opCode: number, payload: Buffer) => {
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeInt32LE(HEADER_BYTES + payload.length, 0);
    header.writeInt32LE(responseTo + 1_000_000, 4);
    header.writeInt32LE(responseTo, 8);
    header.writeInt32LE(opCode, 12);
    server.bytesSent += HEADER_BYTES + payload.length;
    socket.write(Buffer.concat([header, payload]));
  };

  const tcp = createServer((socket) => {
    sockets.add(socket);
    const connectionId = nextConnectionId++;
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= HEADER_BYTES) {
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        const requestId = pending.readInt32LE(4);
        const opCode = pending.readInt32LE(12);
        const payload = pending.subarray(HEADER_BYTES, length);
        pending = pending.subarray(length);
        answer(socket, requestId, connectionId, opCode, payload);
        if (socket.destroyed) return;
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => tcp.listen(0, '127.0.0.1', () => done()));
  server.port = (tcp.address() as AddressInfo).port;
  server.uri = `mongodb://127.0.0.1:${server.port}/?directConnection=true`;
  return server;
}
