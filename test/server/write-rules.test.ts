import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { WriteOp } from '../../src/core/backend.ts';
import { createMemoryBackend, createReactiveBackend, decode, encode } from '../../src/index.ts';
import { createReactiveHandler, writable, writableEach } from '../../src/server/index.ts';

// Attacks a browser can make with plain POSTs against a hub whose writes are rules, each
// checked for its code and for the stored state afterwards.
const Entry = z.object({ name: z.string().trim().min(1).max(40), text: z.string().max(280) });
const Theme = z.enum(['light', 'dark']);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup() {
  const backend = createMemoryBackend();
  const app = createReactiveBackend({ backend, namespace: 'app' });
  const users = createReactiveBackend({ backend, namespace: 'user' });
  const counter = app.signal('counter', 0);
  const guestbook = app.signal('guestbook', [], { schema: z.array(Entry) });
  const userOf = (request: Request) => request.headers.get('x-user') ?? '';
  const hub = createReactiveHandler({
    backend,
    writes: [
      writable(counter, { ops: ['add'], by: [1] }),
      writable(guestbook, { ops: ['append'], max: 20 }),
      writableEach(users, {
        initial: 'light' as z.infer<typeof Theme>,
        schema: Theme,
        ops: ['set'],
        name: (name, request) => name === `theme-${userOf(request)}`,
      }),
    ],
  });
  cleanups.push(() => hub.close());
  const write = async (key: [string, string], op: WriteOp, user = 'ann') => {
    const response = await hub(
      new Request('http://hub/', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user': user },
        body: JSON.stringify({ type: 'write', key, op }),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const stored = (key: [string, string]) => backend.read(key);
  return { write, stored, counter, guestbook };
}

describe('write rules: what a browser may write', () => {
  it('allows exactly the rule: +1 on the counter, from the declared initial value', async () => {
    const { write, stored } = setup();
    // A first add with a browser-chosen base: the declared 0 is used, not 1000.
    const first = await write(['app', 'counter'], { op: 'add', by: 1, initial: encode(1000) });
    expect(first.status).toBe(200);
    expect(decode(first.body.data as string)).toBe(1);
    for (const op of [
      { op: 'add', by: 50 },
      { op: 'add', by: -1 },
      { op: 'set', data: encode(-999_999) },
      { op: 'delete' },
      { op: 'merge', patch: encode({}) },
    ] as WriteOp[]) {
      const refused = await write(['app', 'counter'], op);
      expect(refused, JSON.stringify(op)).toMatchObject({
        status: 403,
        body: { code: 'UNAUTHORIZED' },
      });
    }
    expect(await stored(['app', 'counter'])).toEqual({ version: 1, data: encode(1) });
  });

  it('appends only entries that match the schema, capped at the rule’s max, and nothing else', async () => {
    const { write, stored } = setup();
    const entry = (name: unknown, text: unknown) => ({
      op: 'append' as const,
      item: encode({ name, text }),
      max: 1_000,
    });
    expect((await write(['app', 'guestbook'], entry('ann', 'hello'))).status).toBe(200);
    const long = await write(['app', 'guestbook'], entry('bob', 'x'.repeat(10_000)));
    expect(long).toMatchObject({ status: 422, body: { code: 'INVALID_VALUE' } });
    expect(long.body.issues).toEqual([expect.objectContaining({ path: [1, 'text'] })]);
    const missing = await write(['app', 'guestbook'], {
      op: 'append',
      item: encode({ name: 'bob' }),
    });
    expect(missing).toMatchObject({ status: 422, body: { code: 'INVALID_VALUE' } });
    for (const op of [
      { op: 'set', data: encode([]) },
      { op: 'merge', patch: encode({ 0: 'x' }) },
      { op: 'delete' },
    ] as WriteOp[]) {
      expect((await write(['app', 'guestbook'], op)).status, JSON.stringify(op)).toBe(403);
    }
    const before = await stored(['app', 'guestbook']);
    expect(decode(before.data as string)).toEqual([{ name: 'ann', text: 'hello' }]);
    for (let i = 0; i < 25; i++) await write(['app', 'guestbook'], entry(`n${i}`, ''));
    const after = decode((await stored(['app', 'guestbook'])).data as string) as unknown[];
    expect(after).toHaveLength(20); // the rule's max, not the browser's 1,000
  });

  it('lets a user write only their own theme, and only a theme the schema knows', async () => {
    const { write, stored } = setup();
    expect((await write(['user', 'theme-ann'], { op: 'set', data: encode('dark') })).status).toBe(
      200,
    );
    const other = await write(['user', 'theme-bob'], { op: 'set', data: encode('dark') }, 'ann');
    expect(other).toMatchObject({ status: 403, body: { code: 'UNAUTHORIZED' } });
    const odd = await write(['user', 'theme-ann'], { op: 'set', data: encode('neon') });
    expect(odd).toMatchObject({ status: 422, body: { code: 'INVALID_VALUE' } });
    expect(await stored(['user', 'theme-ann'])).toEqual({ version: 1, data: encode('dark') });
    expect(await stored(['user', 'theme-bob'])).toEqual({ version: 0, data: null });
  });

  it('refuses a write no rule covers', async () => {
    const { write, stored } = setup();
    const refused = await write(['app', 'secret'], { op: 'set', data: encode(1) });
    expect(refused).toMatchObject({ status: 403, body: { code: 'UNAUTHORIZED' } });
    expect(await stored(['app', 'secret'])).toEqual({ version: 0, data: null });
  });

  it('refuses a batch (the backend-to-actor combined write) from a browser', async () => {
    const { write, stored } = setup();
    const batch = {
      op: 'batch',
      ops: [
        { op: 'add', by: 1 },
        { op: 'add', by: 1000 },
      ],
    } as unknown as WriteOp;
    const refused = await write(['app', 'counter'], batch);
    expect(refused).toMatchObject({ status: 400, body: { code: 'INVALID_OPERATION' } });
    expect(await stored(['app', 'counter'])).toEqual({ version: 0, data: null });
  });

  it('property: a guestbook entry is stored exactly when the schema accepts it', async () => {
    const { write, stored } = setup();
    await fc.assert(
      fc.asyncProperty(
        fc.record({ name: fc.oneof(fc.string({ maxLength: 60 }), fc.nat()), text: fc.string() }),
        async (item) => {
          const before = await stored(['app', 'guestbook']);
          const answer = await write(['app', 'guestbook'], { op: 'append', item: encode(item) });
          const after = await stored(['app', 'guestbook']);
          if (Entry.safeParse(item).success) {
            expect(answer.status).toBe(200);
            expect(after.version).toBe(before.version + 1);
          } else {
            expect(answer).toMatchObject({ status: 422, body: { code: 'INVALID_VALUE' } });
            expect(after).toEqual(before);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('writes under authorize: still as the server declared the signal', () => {
  it('uses the declared initial value and schema, never the browser’s initial', async () => {
    const backend = createMemoryBackend();
    const app = createReactiveBackend({ backend, namespace: 'app' });
    app.signal('counter', 10);
    app.signal('level', 1, { schema: z.number().int().min(1).max(5) });
    const hub = createReactiveHandler({ backend, authorize: () => true });
    cleanups.push(() => hub.close());
    const write = async (key: [string, string], op: WriteOp) => {
      const response = await hub(
        new Request('http://hub/', {
          method: 'POST',
          body: JSON.stringify({ type: 'write', key, op }),
        }),
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const chosen = { op: 'add', by: 1, initial: encode(1000) } as const;
    // Declared with 10: the browser's 1,000 is ignored.
    expect(decode((await write(['app', 'counter'], chosen)).body.data as string)).toBe(11);
    // The declared schema holds for browser writes too.
    expect(await write(['app', 'level'], { op: 'add', by: 9 })).toMatchObject({
      status: 422,
      body: { code: 'INVALID_VALUE' },
    });
    expect(await backend.read(['app', 'level'])).toEqual({ version: 0, data: null });
  });
});
