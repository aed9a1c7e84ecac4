import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMemoryBackend,
  createReactiveBackend,
  EncodeError,
  InvalidKeyError,
  ReactiveError,
  ValueTooLargeError,
} from '../../src/index.ts';
import { signView, verifyView } from '../../src/server/live/token.ts';

const RUNS = 300;

describe('faults: generated bad input gets a typed error and changes nothing', () => {
  it('keys: a valid name works, anything else is InvalidKeyError', () => {
    const { signal } = createReactiveBackend({ backend: createMemoryBackend(), namespace: 'fuzz' });
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 140 }), fc.string({ unit: 'binary', maxLength: 20 })),
        (name) => {
          const forbidden = [...name].some((ch) => {
            const code = ch.charCodeAt(0);
            return ch === ',' || code < 0x20 || (code >= 0x7f && code <= 0x9f);
          });
          const valid = name.length > 0 && name.length <= 128 && !forbidden;
          if (valid) expect(signal(name, 0).key).toEqual(['fuzz', name]);
          else expect(() => signal(name, 0)).toThrow(InvalidKeyError);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('values: what superjson keeps comes back equal; the rest is a typed error and the value stays', async () => {
    const backend = createMemoryBackend({ maxBytes: 2048 });
    const { signal } = createReactiveBackend({ backend, namespace: 'fuzz' });
    const s = signal<unknown>('value', 'initial');
    await s.set('kept');
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.anything({
          withDate: true,
          withMap: true,
          withSet: true,
          withBigInt: true,
          withTypedArray: true,
        }),
        async (value) => {
          const before = await backend.read(s.key);
          try {
            const written = await s.set(value);
            expect(written).toEqual(value);
            expect(await s.get()).toEqual(value);
            accepted++;
          } catch (error) {
            expect(error).toBeInstanceOf(ReactiveError);
            expect([EncodeError, ValueTooLargeError].some((E) => error instanceof E)).toBe(true);
            expect(await backend.read(s.key)).toEqual(before);
            refused++;
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(accepted + refused).toBe(RUNS);
  });

  it('view props: any change to a signed token is refused with a coded error', () => {
    const { token } = signView('counter', { user: 'ada', n: 1 });
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        (at, insert) => {
          const tampered = token.slice(0, at) + insert + token.slice(at + 1);
          fc.pre(tampered !== token);
          expect(() => verifyView(tampered)).toThrow(ReactiveError);
        },
      ),
      { numRuns: RUNS },
    );
    expect(verifyView(token)).toMatchObject({ name: 'counter', props: { user: 'ada', n: 1 } });
  });
});
