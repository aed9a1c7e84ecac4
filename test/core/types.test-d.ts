import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  createMemoryBackend,
  createReactiveBackend,
  type PersistedSignal,
} from '../../src/index.ts';

const { signal, useReactive } = createReactiveBackend({ backend: createMemoryBackend() });

describe('types flow from signal<T> to every method', () => {
  it('infers T from the initial value', () => {
    const count = signal('count', 0);
    expectTypeOf(count).toEqualTypeOf<PersistedSignal<number>>();
    expectTypeOf(count.value).toEqualTypeOf<number>();
    expectTypeOf(count.get()).resolves.toEqualTypeOf<number>();
    expectTypeOf(count.set(1)).resolves.toEqualTypeOf<number>();
    expectTypeOf(count.add(1)).resolves.toEqualTypeOf<number>();
    expectTypeOf(useReactive(count)).toEqualTypeOf<number>();
    expectTypeOf(count.key).toEqualTypeOf<readonly [namespace: string, name: string]>();
  });

  it('types a signal with a schema by the schema’s output', () => {
    const theme = signal('theme', 'light', { schema: z.enum(['light', 'dark']) });
    expectTypeOf(theme).toEqualTypeOf<PersistedSignal<'light' | 'dark'>>();
    expectTypeOf(useReactive(theme)).toEqualTypeOf<'light' | 'dark'>();
    // @ts-expect-error not a value of the schema
    signal('theme', 'neon', { schema: z.enum(['light', 'dark']) });
    // @ts-expect-error not a value of the schema
    theme.set('neon');
  });

  it('types functional updates', () => {
    const name = signal('name', 'ada');
    name.set((prev) => {
      expectTypeOf(prev).toEqualTypeOf<string>();
      return prev.toUpperCase();
    });
  });

  it('rejects wrong types at compile time', () => {
    const count = signal('count', 0);
    // @ts-expect-error a number signal takes numbers
    count.set('one');
    // @ts-expect-error the updater must return a number
    count.set((prev) => `${prev}`);
    // @ts-expect-error add() takes a number
    count.add('1');

    const title = signal('title', 'hello');
    // @ts-expect-error add() exists only on number signals
    title.add(1);
    // @ts-expect-error append() exists only on list signals
    title.append('x');
  });

  it('types append and merge from the stored shape', () => {
    const log = signal<string[]>('log', []);
    expectTypeOf(log.append('x', { max: 10 })).resolves.toEqualTypeOf<string[]>();
    // @ts-expect-error a string list takes strings
    log.append(1);

    const profile = signal('profile', { name: 'ada', visits: 0 });
    expectTypeOf(profile.merge({ visits: 1 })).resolves.toEqualTypeOf<{
      name: string;
      visits: number;
    }>();
    // @ts-expect-error visits is a number
    profile.merge({ visits: 'many' });
  });

  it('requires a name for persisted signals', () => {
    // @ts-expect-error a persisted signal needs a stable name
    signal(0);
  });
});
