import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, decode, encode, errorCodes } from '../../src/index.ts';
import {
  type AuthorizeRequest,
  createReactiveHandler,
  type ReactiveHandlerOptions,
  toNodeListener,
} from '../../src/server/index.ts';
import { SseReader } from '../fixtures/sse.ts';
import { waitFor } from '../fixtures/wait.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

let sessions = 0;
const sessionId = () => `session-${Date.now()}-${sessions++}-abcdef`;

function setup(options: Partial<ReactiveHandlerOptions> = {}) {
  const backend = createMemoryBackend({ maxBytes: 4096 });
  const hub = createReactiveHandler({ backend, authorize: () => true, ...options });
  cleanups.push(() => hub.close());
  const open = async (session: string, lastEventId?: string) => {
    const abort = new AbortController();
    const headers: Record<string, string> = lastEventId ? { 'last-event-id': lastEventId } : {};
    const response = await hub(
      new Request(`http://hub/?session=${session}`, { headers, signal: abort.signal }),
    );
    const reader = new SseReader(response.body!);
    const close = async () => {
      abort.abort();
      await reader.cancel();
    };
    cleanups.push(close);
    return { response, reader, close };
  };
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await hub(
      new Request('http://hub/', {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { backend, hub, open, post };
}

describe('hub: one SSE stream per tab', () => {
  it('opens with the SSE headers and a session event, then streams every subscribed change', async () => {
    const { open, post } = setup();
    const session = sessionId();
    const { response, reader } = await open(session);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');

    const key = ['app', 'weather'];
    await post({
      type: 'write',
      key,
      op: { op: 'set', data: encode({ at: new Date(0), text: '温度 🌡️' }) },
    });
    expect(await post({ type: 'subscribe', session, keys: [{ key }] })).toEqual({
      status: 200,
      body: { subscribed: 1 },
    });
    await post({ type: 'write', key, op: { op: 'set', data: encode(new Map([[1n, 'ok']])) } });
    await waitFor(() => reader.values().length === 2, 'two values');

    expect(reader.events[0]).toEqual({
      event: 'session',
      data: JSON.stringify({ session, resumed: false }),
    });
    const [first, second] = reader.values();
    expect(decode(first!.data!)).toEqual({ at: new Date(0), text: '温度 🌡️' });
    expect(decode(second!.data!)).toEqual(new Map([[1n, 'ok']]));
    expect([first!.version, second!.version]).toEqual([1, 2]);
    const ids = reader.events.filter((e) => e.event === 'value').map((e) => Number(e.id));
    expect(ids[1]).toBeGreaterThan(ids[0]!);
    expect(reader.raw).toMatch(
      /^retry: 1000\nevent: session\ndata: \{.*\}\n\nevent: value\ndata: \{.*\}\nid: 1\n\n/,
    );
  });

  it('sends heartbeat comments on an idle stream', async () => {
    const { open } = setup({ heartbeatMs: 50 });
    const { reader } = await open(sessionId());
    await waitFor(() => (reader.raw.match(/^: \n\n/gm) ?? []).length >= 2, 'two heartbeats');
  });

  it('sends only from the version the client already has', async () => {
    const { open, post } = setup();
    const session = sessionId();
    const { reader } = await open(session);
    const key = ['app', 'v'];
    for (let i = 0; i < 3; i++) await post({ type: 'write', key, op: { op: 'add', by: 1 } });
    await post({ type: 'subscribe', session, keys: [{ key, version: 3 }] });
    await post({ type: 'write', key, op: { op: 'add', by: 1 } });
    await waitFor(() => reader.values().length > 0, 'a value');
    expect(reader.values().map((v) => v.version)).toEqual([4]);
  });

  it('resumes a dropped stream with Last-Event-ID: only what the tab missed', async () => {
    const { open, post } = setup();
    const session = sessionId();
    const a = ['app', 'a'];
    const b = ['app', 'b'];
    const first = await open(session);
    await post({ type: 'subscribe', session, keys: [{ key: a }, { key: b }] });
    await post({ type: 'write', key: a, op: { op: 'set', data: encode('a1') } });
    await post({ type: 'write', key: b, op: { op: 'set', data: encode('b1') } });
    await waitFor(() => first.reader.values().length === 2, 'a1 and b1');
    const lastId = first.reader.events.at(-1)!.id!;
    await first.close();

    await post({ type: 'write', key: a, op: { op: 'set', data: encode('a2') } });
    await post({ type: 'write', key: a, op: { op: 'set', data: encode('a3') } });
    const second = await open(session, lastId);
    await waitFor(() => second.reader.values().length === 1, 'the missed value');
    expect(second.reader.events[0]!.data).toBe(JSON.stringify({ session, resumed: true }));
    expect(second.reader.values().map((v) => [v.key[1], decode(v.data!)])).toEqual([['a', 'a3']]);
    expect(Number(second.reader.events.at(-1)!.id)).toBeGreaterThan(Number(lastId));
  });

  it('coalesces for a tab that stops reading: one pending value per key, the latest', async () => {
    const { hub, post } = setup();
    const session = sessionId();
    const response = await hub(new Request(`http://hub/?session=${session}`));
    const key = ['app', 'hot'];
    await post({ type: 'subscribe', session, keys: [{ key }] });
    for (let i = 1; i <= 1000; i++) await post({ type: 'write', key, op: { op: 'add', by: 1 } });
    expect(hub.stats()).toEqual({ sessions: 1, subscriptions: 1, pending: 1, views: 0 });
    const reader = new SseReader(response.body!);
    cleanups.push(() => reader.cancel());
    await waitFor(() => reader.values().length > 0, 'the tab to read');
    expect(reader.values().map((v) => [v.version, decode(v.data!)])).toEqual([[1000, 1000]]);
  });

  it('releases a session and its subscriptions when its stream is gone past the TTL', async () => {
    const { hub, open, post } = setup({ sessionTtlMs: 100 });
    const session = sessionId();
    const stream = await open(session);
    await post({
      type: 'subscribe',
      session,
      keys: [{ key: ['app', 'x'] }, { key: ['app', 'y'] }],
    });
    expect(hub.stats().subscriptions).toBe(2);
    await stream.close();
    await waitFor(() => hub.stats().sessions === 0, 'the session to expire', 10_000);
    expect(hub.stats().subscriptions).toBe(0);
  });
});

describe('hub: requests it refuses', () => {
  it('answers each bad request with its status and code, and changes nothing', async () => {
    const { open, post, backend } = setup({ maxSubscriptionsPerSession: 2, maxBodyBytes: 8192 });
    const session = sessionId();
    await open(session);
    const key = ['app', 'safe'] as const;
    await post({ type: 'write', key, op: { op: 'set', data: encode('kept') } });
    const cases: [unknown, number, string][] = [
      ['{not json', 400, 'BAD_REQUEST'],
      [[1, 2], 400, 'BAD_REQUEST'],
      [{ type: 'explode' }, 400, 'BAD_REQUEST'],
      [{ type: 'subscribe', session: 'short', keys: [] }, 400, 'BAD_REQUEST'],
      [{ type: 'subscribe', session, hub: 'not a hub id', keys: [] }, 400, 'BAD_REQUEST'],
      [{ type: 'unsubscribe', session: sessionId(), keys: [] }, 404, 'UNKNOWN_SESSION'],
      [{ type: 'subscribe', session, keys: [{ key: ['a,b', 'c'] }] }, 400, 'INVALID_KEY'],
      [
        { type: 'subscribe', session, keys: [{ key: ['a', 'b'], version: -1 }] },
        400,
        'BAD_REQUEST',
      ],
      [
        { type: 'subscribe', session, keys: [1, 2, 3].map((n) => ({ key: ['a', `k${n}`] })) },
        429,
        'LIMIT_EXCEEDED',
      ],
      [{ type: 'write', key, op: { op: 'detonate' } }, 400, 'INVALID_OPERATION'],
      [
        { type: 'write', key, op: { op: 'set', data: encode('x'.repeat(5000)) } },
        413,
        'VALUE_TOO_LARGE',
      ],
      [
        { type: 'write', key, op: { op: 'set', data: encode('v'), ifVersion: 0 } },
        409,
        'VERSION_CONFLICT',
      ],
      [{ type: 'write', key, op: { op: 'add', by: 1 } }, 400, 'INVALID_OPERATION'],
      [{ type: 'write', key, op: { op: 'set', data: 'not superjson' } }, 400, 'ENCODE_ERROR'],
      [`{"pad":"${'x'.repeat(9000)}"}`, 429, 'LIMIT_EXCEEDED'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await post(body);
      expect({ body, status: answer.status, code: answer.body.code }).toEqual({
        body,
        status,
        code,
      });
      expect(typeof answer.body.message).toBe('string');
    }
    expect(await backend.read(key)).toEqual({ version: 1, data: encode('kept') });
  });

  it('refuses browser writes by default, and follows a per-user policy', async () => {
    const defaults = setup({ authorize: undefined });
    const key = ['user', 'ada'] as const;
    const refused = await defaults.post({ type: 'write', key, op: { op: 'set', data: encode(1) } });
    expect(refused).toMatchObject({ status: 403, body: { code: 'UNAUTHORIZED' } });
    expect(await defaults.backend.read(key)).toEqual({ version: 0, data: null });

    // A user may read anything and write only ['user', <own id>].
    const perUser = ({ request, key: [ns, name], op }: AuthorizeRequest) => {
      const user = /(?:^|; )user=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
      return op === 'read' || (ns === 'user' && name === user);
    };
    const { post } = setup({ authorize: perUser });
    const write = (as: string, name: string) =>
      post(
        { type: 'write', key: ['user', name], op: { op: 'set', data: encode('x') } },
        { cookie: `user=${as}` },
      );
    expect((await write('ada', 'ada')).status).toBe(200);
    expect(await write('bob', 'ada')).toMatchObject({
      status: 403,
      body: { code: 'UNAUTHORIZED' },
    });

    // A stricter policy: ['user', id] signals are private to that user, for reads too.
    const privateUser = ({ request, key: [ns, name] }: AuthorizeRequest) =>
      ns !== 'user' ||
      name === /(?:^|; )user=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
    const strict = setup({ authorize: privateUser });
    const session = sessionId();
    const as = (user: string) => ({ cookie: `user=${user}` });
    const subscribe = (user: string, name: string) =>
      strict.post({ type: 'subscribe', session, keys: [{ key: ['user', name] }] }, as(user));
    expect((await subscribe('ada', 'ada')).status).toBe(200);
    expect(await subscribe('bob', 'ada')).toMatchObject({
      status: 403,
      body: { code: 'UNAUTHORIZED' },
    });
    expect(await strict.post({ type: 'read', key: ['user', 'ada'] }, as('bob'))).toMatchObject({
      status: 403,
      body: { code: 'UNAUTHORIZED' },
    });
    expect((await strict.post({ type: 'read', key: ['user', 'ada'] }, as('ada'))).status).toBe(200);
  });

  it('answers every generated request with a coded 4xx or a 200, never a crash', async () => {
    const { post, backend } = setup();
    const key = ['app', 'fuzzed-target'] as const;
    await post({ type: 'write', key, op: { op: 'set', data: encode('kept') } });
    const anything = fc.oneof(
      fc.json(),
      fc.record({
        type: fc.constantFrom('subscribe', 'unsubscribe', 'write', 'nope'),
        session: fc.oneof(fc.string(), fc.constant(sessionId())),
        key: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.anything()),
        keys: fc.array(fc.anything(), { maxLength: 3 }),
        op: fc.record({
          op: fc.constantFrom('set', 'add', 'append', 'merge', 'delete', 'zap'),
          data: fc.oneof(fc.string(), fc.anything()),
          by: fc.anything(),
          ifVersion: fc.anything(),
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(anything, async (body) => {
        const answer = await post(typeof body === 'string' ? body : JSON.stringify(body));
        if (answer.status !== 200) {
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(errorCodes).toContain(answer.body.code);
        }
      }),
      { numRuns: 300 },
    );
    expect(await backend.read(key)).toEqual({ version: 1, data: encode('kept') });
  });
});

describe('hub on Node http', () => {
  it('a tab that stops reading during 10,000 writes costs one pending value, then gets the last', async () => {
    const { hub, backend } = setup({ maxBodyBytes: 1 << 20 });
    const server = createServer(toNodeListener(hub));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const session = sessionId();
    const key = ['app', 'firehose'] as const;
    const paused = new Promise<IncomingMessage>((resolve) =>
      get(`${base}?session=${session}`, (res) => {
        res.pause(); // the tab stops reading: the socket fills, and the hub must not queue
        resolve(res);
      }),
    );
    const res = await paused;
    await hub(
      new Request(base, {
        method: 'POST',
        body: JSON.stringify({ type: 'subscribe', session, keys: [{ key }] }),
      }),
    );
    const payload = 'x'.repeat(3000);
    let maxPending = 0;
    for (let i = 1; i <= 10_000; i++) {
      await backend.write(key, { op: 'set', data: encode({ i, payload }) });
      if (i % 100 === 0) {
        maxPending = Math.max(maxPending, hub.stats().pending);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    expect(maxPending).toBeLessThanOrEqual(1);
    const reader = new SseReader(Readable.toWeb(res) as ReadableStream<Uint8Array>);
    cleanups.push(() => reader.cancel());
    res.resume();
    await waitFor(() => reader.values().at(-1)?.version === 10_000, 'the last version', 30_000);
    const received = reader.values();
    console.log(
      `10,000 writes reached the slow tab as ${received.length} events (${(reader.raw.length / 1e6).toFixed(1)} MB of ${(10_000 * 3.05e-3).toFixed(1)} MB written)`,
    );
    expect(received.length).toBeLessThan(10_000);
    expect((decode(received.at(-1)!.data!) as { i: number }).i).toBe(10_000);
  });

  it('streams over a real socket and takes POSTs through the adapter', async () => {
    const { hub } = setup();
    const server = createServer(toNodeListener(hub));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live`;
    const session = sessionId();
    const abort = new AbortController();
    cleanups.push(() => abort.abort());
    const stream = await fetch(`${base}?session=${session}`, { signal: abort.signal });
    const reader = new SseReader(stream.body!);
    await waitFor(() => reader.events.length === 1, 'the session event');
    const post = (body: unknown) =>
      fetch(base, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
    await post({ type: 'subscribe', session, keys: [{ key: ['app', 'n'] }] });
    await post({ type: 'write', key: ['app', 'n'], op: { op: 'set', data: encode(42) } });
    await waitFor(() => reader.values().length === 1, 'the value over the socket');
    expect(decode(reader.values()[0]!.data!)).toBe(42);
    abort.abort();
    await waitFor(() => hub.stats().sessions === 1, 'still one session');
  });
});
