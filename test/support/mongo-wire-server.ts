// Test infrastructure, not a product feature: a small server that speaks the MongoDB wire protocol
// (OP_MSG, and the legacy OP_QUERY handshake) well enough for the official driver and our Mongo source,
// so their tests run on machines without a MongoDB server. Documents live in memory; filters, sorts,
// projections and aggregation pipelines are evaluated by mingo. When MONGODB_URI is set, the same tests
// run against that real server instead.
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { BSON, Long, ObjectId, type Document } from 'bson';
import { aggregate as runPipeline } from 'mingo';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const HEADER_BYTES = 16;

export interface MongoWireServerOptions {
  /** What `hello` reports: 21 is MongoDB 7.0; below 17 (5.2) there is no $topN. */
  maxWireVersion?: number;
  /** Refuse every authentication attempt, as a server does for bad credentials. */
  refuseAuth?: boolean;
  /** Documents per batch when a command gives no batchSize. */
  defaultBatchSize?: number;
}

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

interface Cursor {
  ns: string;
  documents: Document[];
  position: number;
}

export async function startMongoWireServer(options: MongoWireServerOptions = {}): Promise<MongoWireServer> {
  const maxWireVersion = options.maxWireVersion ?? 21;
  const defaultBatchSize = options.defaultBatchSize ?? 101;
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

  const openCursor = (
    ns: string,
    documents: Document[],
    batchSize: number | undefined,
    first: 'firstBatch',
  ) => {
    const size = batchSize ?? defaultBatchSize;
    const batch = documents.slice(0, size);
    let id = 0n;
    if (documents.length > size) {
      id = nextCursorId++;
      cursors.set(String(id), { ns, documents, position: size });
    }
    return { cursor: { [first]: batch, id: Long.fromBigInt(id), ns }, ok: 1 };
  };

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
          'firstBatch',
        );
      case 'create':
        collection(database, target, true);
        return { ok: 1 };
      case 'drop':
        databases.get(database)?.delete(target);
        return { ok: 1 };
      case 'dropdatabase':
        databases.delete(database);
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
      case 'createindexes': {
        collection(database, target, true);
        const list = indexes.get(`${database}.${target}`) ?? [{ v: 2, key: { _id: 1 }, name: '_id_' }];
        const before = list.length;
        for (const index of body.indexes as Document[]) {
          if (!list.some((existing) => existing.name === index.name)) list.push({ v: 2, ...index });
        }
        indexes.set(`${database}.${target}`, list);
        return { numIndexesBefore: before, numIndexesAfter: list.length, ok: 1 };
      }
      case 'listindexes':
        return openCursor(
          `${database}.${target}`,
          indexes.get(`${database}.${target}`) ?? [{ v: 2, key: { _id: 1 }, name: '_id_' }],
          undefined,
          'firstBatch',
        );
      case 'count': {
        const documents = collection(database, target) ?? [];
        return { n: runPipeline(documents, [{ $match: body.query ?? {} }]).length, ok: 1 };
      }
      case 'distinct': {
        const documents = runPipeline(collection(database, target) ?? [], [
          { $match: body.query ?? {} },
        ]) as Document[];
        const key = String(body.key);
        const values = [
          ...new Set(documents.map((d) => key.split('.').reduce<unknown>((v, k) => (v as Document)?.[k], d))),
        ];
        return { values: values.filter((v) => v !== undefined), ok: 1 };
      }
      case 'find': {
        const pipeline: Document[] = [{ $match: body.filter ?? {} }];
        if (body.sort) pipeline.push({ $sort: body.sort });
        if (body.skip) pipeline.push({ $skip: body.skip });
        if (body.limit) pipeline.push({ $limit: body.limit });
        if (body.projection && Object.keys(body.projection).length > 0)
          pipeline.push({ $project: body.projection });
        const documents = runPipeline(collection(database, target) ?? [], pipeline) as Document[];
        return openCursor(
          `${database}.${target}`,
          documents,
          body.batchSize as number | undefined,
          'firstBatch',
        );
      }
      case 'aggregate': {
        server.aggregates.push(body);
        const documents = runPipeline(
          collection(database, target) ?? [],
          body.pipeline as Document[],
        ) as Document[];
        const batchSize = (body.cursor as { batchSize?: number } | undefined)?.batchSize;
        return openCursor(`${database}.${target}`, documents, batchSize, 'firstBatch');
      }
      case 'getmore': {
        if (dropGetMore) {
          dropGetMore = false;
          return null;
        }
        const id = String((body.getMore as Long).toBigInt());
        const cursor = cursors.get(id);
        if (!cursor)
          return { ok: 0, errmsg: `cursor id ${id} not found`, code: 43, codeName: 'CursorNotFound' };
        const size = (body.batchSize as number | undefined) ?? defaultBatchSize;
        const batch = cursor.documents.slice(cursor.position, cursor.position + size);
        cursor.position += batch.length;
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
