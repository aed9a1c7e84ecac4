import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type Backend,
  createReactiveBackend,
  EncodeError,
  effect,
  encode,
  InvalidKeyError,
  InvalidOperationError,
  type PersistedSignal,
  type Stored,
  ValidationError,
  ValueTooLargeError,
  VersionConflictError,
} from '../../src/index.ts';
import { waitFor } from '../fixtures/wait.ts';

export interface ConformanceTarget {
  /** Makes a backend; the suite closes it. Called once per suite. */
  create(): Promise<Backend>;
}

let counter = 0;
/** A fresh namespace per test, so suites can share one long-lived store. */
const freshNamespace = () => `t${Date.now().toString(36)}${(counter++).toString(36)}`;

/** The behaviour of the backend contract and the signal API, the same for every backend. */
export function describeConformance(name: string, target: ConformanceTarget): void {
  describe(`conformance: ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await target.create();
    });
    afterAll(async () => {
      await backend?.close();
    });

    const fresh = () => createReactiveBackend({ backend, namespace: freshNamespace() });

    describe('backend contract', () => {
      it('reads version 0 and no data for a key never written', async () => {
        expect(await backend.read([freshNamespace(), 'nothing'])).toEqual({
          version: 0,
          data: null,
        });
      });

      it('bumps the version by one per accepted write', async () => {
        const key = [freshNamespace(), 'v'] as const;
        const a = await backend.write(key, { op: 'set', data: encode('a') });
        const b = await backend.write(key, { op: 'set', data: encode('b') });
        expect([a.version, b.version]).toEqual([1, 2]);
        expect(await backend.read(key)).toEqual({ version: 2, data: encode('b') });
      });

      it('compare-and-set refuses a stale version and changes nothing', async () => {
        const key = [freshNamespace(), 'cas'] as const;
        await backend.write(key, { op: 'set', data: encode(1) });
        await backend.write(key, { op: 'set', data: encode(2), ifVersion: 1 });
        await expect(
          backend.write(key, { op: 'set', data: encode(3), ifVersion: 1 }),
        ).rejects.toBeInstanceOf(VersionConflictError);
        expect(await backend.read(key)).toEqual({ version: 2, data: encode(2) });
      });

      it('delivers the current state, then every change in version order', async () => {
        const key = [freshNamespace(), 'order'] as const;
        await backend.write(key, { op: 'set', data: encode(0) });
        const seen: Stored[] = [];
        const off = backend.subscribe(key, (s) => seen.push(s));
        await waitFor(() => seen.length > 0, 'first delivery');
        for (let i = 1; i <= 20; i++) await backend.write(key, { op: 'add', by: 1 });
        await waitFor(() => seen.at(-1)?.version === 21, 'version 21');
        off();
        const versions = seen.map((s) => s.version);
        expect(versions).toEqual([...versions].sort((x, y) => x - y));
        expect(new Set(versions).size).toBe(versions.length);
        expect(seen.at(-1)).toEqual({ version: 21, data: encode(20) });
        await backend.write(key, { op: 'add', by: 1 });
        await new Promise((r) => setTimeout(r, 100));
        expect(seen.at(-1)?.version).toBe(21);
      });

      it('refuses malformed keys before doing anything', async () => {
        for (const key of [
          ['', 'x'],
          ['ns', ''],
          ['a,b', 'c'],
          ['ns', 'x\n'],
          ['ns', 'y'.repeat(129)],
        ]) {
          await expect(
            backend.read(key as unknown as readonly [string, string]),
          ).rejects.toBeInstanceOf(InvalidKeyError);
        }
      });
    });

    describe('signal API', () => {
      it('starts at the initial value and persists writes', async () => {
        const { signal } = fresh();
        const count = signal('count', 10);
        expect(count.value).toBe(10);
        expect(await count.get()).toBe(10);
        expect(await count.set(11)).toBe(11);
        expect(count.value).toBe(11);
        expect(count.version).toBe(1);
      });

      it('returns the same signal object for the same name', () => {
        const { signal } = fresh();
        expect(signal('same', 1)).toBe(signal('same', 1));
      });

      it('keeps Date, Map, Set, BigInt and undefined intact', async () => {
        const { signal } = fresh();
        const value = {
          at: new Date('2026-01-02T03:04:05Z'),
          tags: new Set(['a', 'b']),
          byId: new Map([[1n, { nested: undefined as string | undefined }]]),
        };
        const rich = signal('rich', value);
        await rich.set(value);
        const other = createReactiveBackend({ backend, namespace: rich.key[0] }).signal(
          'rich',
          {} as typeof value,
        );
        expect(other).toBe(other);
        const read = await rich.get();
        expect(read).toEqual(value);
        expect(read.at).toBeInstanceOf(Date);
        expect(read.byId.get(1n)).toHaveProperty('nested', undefined);
      });

      it('add, append with a cap, and merge are atomic operations', async () => {
        const { signal } = fresh();
        const n = signal('n', 5);
        await Promise.all(Array.from({ length: 20 }, () => n.add(2)));
        expect(await n.get()).toBe(45);

        const log = signal<string[]>('log', ['start']);
        for (let i = 0; i < 10; i++) await log.append(`e${i}`, { max: 3 });
        expect(await log.get()).toEqual(['e7', 'e8', 'e9']);

        const profile = signal('profile', { name: 'ada', theme: 'light' as string, visits: 0 });
        await profile.merge({ theme: 'dark' });
        expect(await profile.get()).toEqual({ name: 'ada', theme: 'dark', visits: 0 });
      });

      it('set(fn) is a compare-and-set that loses no concurrent update', async () => {
        const { signal } = fresh();
        const c = signal('contended', 0);
        const writers = Array.from({ length: 4 }, async () => {
          for (let i = 0; i < 25; i++) await c.set((x) => x + 1);
        });
        await Promise.all(writers);
        expect(await c.get()).toBe(100);
        expect(c.version).toBe(100);
      });

      it('gives up with VersionConflictError after maxAttempts', async () => {
        // A rival write lands before every compare-and-set this backend sends.
        const meddled: Backend = Object.create(backend, {
          write: {
            value: async (key: readonly [string, string], op: Parameters<Backend['write']>[1]) => {
              if (op.op === 'set' && op.ifVersion !== undefined) {
                await backend.write(key, { op: 'add', by: 1 });
              }
              return backend.write(key, op);
            },
          },
        });
        const { signal } = createReactiveBackend({
          backend: meddled,
          namespace: freshNamespace(),
          maxAttempts: 3,
        });
        const s = signal('fight', 0);
        let runs = 0;
        await expect(
          s.set((x) => {
            runs++;
            return x + 100;
          }),
        ).rejects.toBeInstanceOf(VersionConflictError);
        expect(runs).toBe(3);
        expect(await s.get()).toBe(3); // only the rival's writes landed
      });

      it('delete shows the initial value again', async () => {
        const { signal } = fresh();
        const s = signal('gone', 'initial');
        await s.set('written');
        expect(await s.delete()).toBe('initial');
        expect(await s.get()).toBe('initial');
        expect(s.version).toBe(2);
      });

      it('a watched signal sees writes from another signal object on the same key', async () => {
        const ns = freshNamespace();
        const mine = createReactiveBackend({ backend, namespace: ns }).signal('shared', 0);
        const theirs = createReactiveBackend({ backend, namespace: ns }).signal('shared', 0);
        expect(mine).not.toBe(theirs);
        const seen: number[] = [];
        const stop = effect(() => {
          seen.push(mine.value);
        });
        await theirs.set(1);
        await theirs.set(2);
        await waitFor(() => mine.value === 2, 'mine to reach 2');
        stop();
        expect(seen[0]).toBe(0);
        expect(seen.at(-1)).toBe(2);
        expect(seen).toEqual([...seen].sort());
      });

      it('subscribe calls now and on every newer value; unsubscribe stops it', async () => {
        const { signal } = fresh();
        const s = signal('sub', 'a');
        const seen: string[] = [];
        const off = s.subscribe((v) => seen.push(v));
        expect(seen).toEqual(['a']);
        await s.set('b');
        await waitFor(() => seen.includes('b'), 'b');
        off();
        await s.set('c');
        await new Promise((r) => setTimeout(r, 50));
        expect(seen).toEqual(['a', 'b']);
      });

      it('computed derives from persisted signals', async () => {
        const { signal, computed } = fresh();
        const a = signal('a', 2);
        const b = signal('b', 3);
        const product = computed(() => a.value * b.value);
        const seen: number[] = [];
        const off = product.subscribe((v) => seen.push(v));
        await a.set(4);
        await waitFor(() => product.value === 12, 'product 12');
        off();
        expect(seen[0]).toBe(6);
      });

      it('namespaces do not see each other', async () => {
        const a = fresh().signal('theme', 'light');
        const b = fresh().signal('theme', 'light');
        await a.set('dark');
        expect(await b.get()).toBe('light');
      });
    });

    describe('schemas', () => {
      const Entry = z.object({ name: z.string().min(1).max(40), text: z.string().max(280) });
      const Book = z.array(Entry).max(3);

      it('stores what the schema accepts and refuses the rest with ValidationError, storing nothing', async () => {
        const { signal } = fresh();
        const count = signal('count', 0, { schema: z.number().int().min(0).max(10) });
        expect(await count.set(4)).toBe(4);
        expect(await count.add(6)).toBe(10);
        const refused = await count.add(1).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ValidationError);
        expect((refused as ValidationError).code).toBe('INVALID_VALUE');
        await expect(count.set(-1)).rejects.toBeInstanceOf(ValidationError);
        await expect(count.set((c) => c + 0.5)).rejects.toBeInstanceOf(ValidationError);
        expect(await count.read()).toEqual({ value: 10, version: 2 });

        const book = signal('book', [], { schema: Book });
        await book.append({ name: 'ann', text: 'hi' });
        const bad = await book
          .append({ name: '', text: 'x'.repeat(300) })
          .catch((error: unknown) => error);
        expect(bad).toBeInstanceOf(ValidationError);
        expect((bad as ValidationError).issues.map((i) => i.path)).toEqual([
          [1, 'name'],
          [1, 'text'],
        ]);
        await book.append({ name: 'bo', text: '' }, { max: 1 });
        expect(await book.get()).toEqual([{ name: 'bo', text: '' }]);
      });

      it('property: exactly the values the schema accepts are stored', async () => {
        const { signal } = fresh();
        const entry = signal('entry', { name: 'x', text: '' }, { schema: Entry });
        const candidate = fc.record({
          name: fc.oneof(fc.string({ maxLength: 50 }), fc.integer()),
          text: fc.string({ maxLength: 300 }),
        });
        await fc.assert(
          fc.asyncProperty(candidate, async (value) => {
            const before = await entry.read();
            const valid = Entry.safeParse(value).success;
            const written = await entry.set(value as z.infer<typeof Entry>).then(
              (stored) => ({ ok: true as const, stored }),
              (error: unknown) => ({ ok: false as const, error }),
            );
            const after = await entry.read();
            if (valid) {
              expect(written).toEqual({ ok: true, stored: value });
              expect(after).toEqual({ value, version: before.version + 1 });
            } else {
              expect(written.ok ? undefined : written.error).toBeInstanceOf(ValidationError);
              expect(after).toEqual(before);
            }
          }),
          { numRuns: 30 },
        );
      });

      it('refuses a declared initial value its own schema refuses', () => {
        const { signal } = fresh();
        expect(() => signal('bad', -1, { schema: z.number().min(0) })).toThrow(ValidationError);
      });
    });

    describe('bad input loses nothing', () => {
      it('refuses bad names with InvalidKeyError', () => {
        const { signal } = fresh();
        expect(() => signal('', 0)).toThrow(InvalidKeyError);
        expect(() => signal('a,b', 0)).toThrow(InvalidKeyError);
        expect(() => signal('x'.repeat(129), 0)).toThrow(InvalidKeyError);
        expect(() => signal('tab\there', 0)).toThrow(InvalidKeyError);
        expect(() => (signal as unknown as (v: number) => unknown)(0)).toThrow(/needs a name/);
        expect(() => createReactiveBackend({ backend, namespace: 'a,b' })).toThrow(InvalidKeyError);
      });

      it('refuses unencodable values with EncodeError and keeps the stored value', async () => {
        const { signal } = fresh();
        const s = signal<unknown>('enc', 'safe');
        await s.set('kept');
        class Point {
          x = 1;
        }
        for (const bad of [
          Symbol('s'),
          new Point(),
          { deep: [{ fn: () => 2 }] },
          new Map([[1, Symbol()]]),
        ]) {
          await expect(s.set(bad)).rejects.toBeInstanceOf(EncodeError);
        }
        expect(await s.get()).toBe('kept');
        expect(s.version).toBe(1);
      });

      it('refuses values over the size limit with ValueTooLargeError and keeps the stored value', async () => {
        const { signal } = fresh();
        const s = signal('big', 'small');
        await s.set('kept');
        await expect(s.set('x'.repeat(backend.maxBytes + 1))).rejects.toBeInstanceOf(
          ValueTooLargeError,
        );
        // An append that would grow the stored list past the limit is refused by the store itself.
        const list = signal<string[]>('list', []);
        const chunk = 'y'.repeat(Math.floor(backend.maxBytes / 3));
        await list.append(chunk);
        await list.append(chunk);
        await expect(list.append(chunk)).rejects.toBeInstanceOf(ValueTooLargeError);
        expect((await list.get()).length).toBe(2);
        expect(await s.get()).toBe('kept');
      });

      it('refuses atomic operations that do not fit the value with InvalidOperationError', async () => {
        const { signal } = fresh();
        const text = signal('text', 'abc');
        await text.set('abc');
        await expect((text as unknown as PersistedSignal<number>).add(1)).rejects.toBeInstanceOf(
          InvalidOperationError,
        );
        await expect(backend.write(text.key, { op: 'bogus' } as never)).rejects.toBeInstanceOf(
          InvalidOperationError,
        );
        expect(await text.get()).toBe('abc');
        expect(text.version).toBe(1);
      });
    });
  });
}
