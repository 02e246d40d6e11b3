// The webhook: the day's changes POSTed after a successful run; bounded retries; never fails the run.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { notifyChanges } from '../../src/app/notify.js';
import type { Logger } from '../../src/core/index.js';

const noWait = async () => {};
const SILENT = 0;
let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  close = undefined;
});

async function receiver(statuses: number[]) {
  const bodies: unknown[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    authorizations.push(request.headers.authorization);
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push(JSON.parse(body));
      const status = statuses.shift() ?? 200;
      // SILENT: the request is taken in, and never answered.
      if (status !== SILENT) response.writeHead(status).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return {
    url: `http://user:hook-secret@127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    authorizations,
  };
}

function logger() {
  const lines: string[] = [];
  const log = (event: string, fields: Record<string, unknown> = {}) =>
    lines.push(`${event} ${JSON.stringify(fields)}`);
  return { lines, logger: { debug: log, info: log, warn: log, error: log } satisfies Logger };
}

describe('notifyChanges', () => {
  it('posts the payload as JSON, with credentials in the URL sent as Basic authentication, never logged', async () => {
    const hook = await receiver([200]);
    const log = logger();
    expect(
      await notifyChanges(
        hook.url,
        { day: '2016-07-14' },
        { retries: 2, timeoutMs: 2000, deadlineMs: 10_000, logger: log.logger, sleep: noWait },
      ),
    ).toBe(true);
    expect(hook.bodies).toEqual([{ day: '2016-07-14' }]);
    expect(hook.authorizations).toEqual([`Basic ${Buffer.from('user:hook-secret').toString('base64')}`]);
    expect(log.lines.join('\n')).not.toContain('hook-secret');
  });

  it('retries a 5xx a bounded number of times, then logs and gives up without throwing', async () => {
    const hook = await receiver([503, 503, 503, 503]);
    const log = logger();
    expect(
      await notifyChanges(
        hook.url,
        {},
        { retries: 2, timeoutMs: 2000, deadlineMs: 10_000, logger: log.logger, sleep: noWait },
      ),
    ).toBe(false);
    expect(hook.bodies).toHaveLength(3);
    expect(log.lines.at(-1)).toMatch(/^notify\.failed .*HTTP 503/);
    expect(log.lines.join('\n')).not.toContain('hook-secret');
  });

  it('does not retry a 4xx', async () => {
    const hook = await receiver([404]);
    expect(
      await notifyChanges(
        hook.url,
        {},
        { retries: 3, timeoutMs: 2000, deadlineMs: 10_000, logger: logger().logger, sleep: noWait },
      ),
    ).toBe(false);
    expect(hook.bodies).toHaveLength(1);
  });

  it('gives up on an unreachable receiver without throwing', async () => {
    const log = logger();
    const sent = await notifyChanges(
      'http://127.0.0.1:1/hook',
      {},
      { retries: 1, timeoutMs: 500, deadlineMs: 10_000, logger: log.logger, sleep: noWait },
    );
    expect(sent).toBe(false);
    expect(log.lines.at(-1)).toMatch(/^notify\.failed/);
  });

  it('gives up on a receiver that never answers, each attempt ended by its timeout', async () => {
    const hook = await receiver([SILENT, SILENT]);
    const log = logger();
    const sent = await notifyChanges(
      hook.url,
      {},
      { retries: 1, timeoutMs: 200, deadlineMs: 10_000, logger: log.logger, sleep: noWait },
    );
    expect(sent).toBe(false);
    expect(log.lines.at(-1)).toMatch(/^notify\.failed .*no answer within 200 ms/);
  });

  it('ends the whole call at its deadline, however long each attempt may take', async () => {
    const hook = await receiver([SILENT, SILENT, SILENT, SILENT]);
    const log = logger();
    const sent = await notifyChanges(
      hook.url,
      {},
      { retries: 3, timeoutMs: 60_000, deadlineMs: 300, logger: log.logger },
    );
    expect(sent).toBe(false);
    expect(log.lines.at(-1)).toMatch(/^notify\.failed .*no answer within the deadline of 300 ms/);
  });
});
