import { describe, expect, it } from 'vitest';
import { decode, EncodeError, encode, ValueTooLargeError } from '../../src/index.ts';

describe('codec', () => {
  it('round-trips what superjson supports', () => {
    const cyclic: { self?: unknown; n: number } = { n: 1 };
    cyclic.self = cyclic;
    const values = [
      0,
      -0.5,
      Number.NaN,
      'text ✓ 日本',
      null,
      undefined,
      10n ** 30n,
      new Date(0),
      /re+/gi,
      new URL('https://example.com/a?b'),
      new Map<unknown, unknown>([[{ k: 1 }, new Set([1, 2])]]),
      [1, [2, [3]]],
      Object.assign(Object.create(null), { bare: true }),
      new Uint8Array([1, 2, 3]),
    ];
    for (const value of values) expect(decode(encode(value))).toEqual(value);
    const back = decode<typeof cyclic>(encode(cyclic));
    expect(back.self).toBe(back);
  });

  it('refuses what superjson would drop or flatten, naming where it is', () => {
    class Point {
      x = 1;
    }
    expect(() => encode(() => 1)).toThrow(EncodeError);
    expect(() => encode(Symbol('x'))).toThrow(EncodeError);
    expect(() => encode({ a: [{ b: new Point() }] })).toThrow(
      /a\[0\]\.b is an instance of class Point/,
    );
    expect(() => encode({ [Symbol('k')]: 1 })).toThrow(EncodeError);
    expect(() => encode(new Set([() => 1]))).toThrow(EncodeError);
    expect(() => encode(Float32Array.from([1, -0]))).toThrow(
      /float array holding NaN, Infinity or -0/,
    );
    expect(() => encode(Float64Array.from([Number.NaN]))).toThrow(EncodeError);
    // superjson would store an invalid Date as null (found by the bad-input property test).
    expect(() => encode(new Map([['', new Date(Number.NaN)]]))).toThrow(
      /\.get\(\) is an invalid Date/,
    );
  });

  it('counts the limit in UTF-8 bytes of the encoded text', () => {
    const limit = 100;
    const overhead = encode('').length;
    expect(() => encode('a'.repeat(limit - overhead), limit)).not.toThrow();
    expect(() => encode('a'.repeat(limit - overhead + 1), limit)).toThrow(ValueTooLargeError);
    // 'é' is one UTF-16 unit and two UTF-8 bytes.
    expect(() => encode('é'.repeat(limit / 2), limit)).toThrow(ValueTooLargeError);
  });

  it('refuses stored text that is not superjson', () => {
    expect(() => decode('{not json')).toThrow(EncodeError);
  });
});
