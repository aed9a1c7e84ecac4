import superjson from 'superjson';
import { EncodeError, ValueTooLargeError } from '../errors.ts';

/** Values cross every wire (actor state, SSE, POST) as superjson text. */
export type Encoded = string;

export const DEFAULT_MAX_BYTES = 1024 * 1024;

// superjson silently drops functions and symbols and flattens class instances into plain
// objects; a value that would not come back as it went in is refused instead.
const SUPPORTED_OBJECTS: ReadonlyArray<abstract new (...args: never[]) => unknown> = [
  Date,
  RegExp,
  Map,
  Set,
  URL,
  Error,
  ArrayBuffer,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
];

function describe(path: string): string {
  return path === '' ? 'the value' : `the value at ${path}`;
}

function assertEncodable(value: unknown, path: string, seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return;
    case 'function':
      throw new EncodeError(`${describe(path)} is a function, which cannot be stored in a signal`);
    case 'symbol':
      throw new EncodeError(`${describe(path)} is a symbol, which cannot be stored in a signal`);
  }
  if (value === null || seen.has(value as object)) return; // superjson keeps shared references and cycles
  const object = value as object;
  seen.add(object);
  if (Array.isArray(object)) {
    object.forEach((item, i) => {
      assertEncodable(item, `${path}[${i}]`, seen);
    });
    return;
  }
  if (object instanceof Map) {
    for (const [k, v] of object) {
      assertEncodable(k, `${path}<key>`, seen);
      assertEncodable(v, `${path}.get(${String(k)})`, seen);
    }
    return;
  }
  if (object instanceof Set) {
    for (const item of object) assertEncodable(item, `${path}<item>`, seen);
    return;
  }
  if (object instanceof Float32Array || object instanceof Float64Array) {
    // superjson writes typed arrays as JSON numbers, which have no NaN, Infinity or -0.
    if (object.some((n) => !Number.isFinite(n) || Object.is(n, -0))) {
      throw new EncodeError(
        `${describe(path)} is a float array holding NaN, Infinity or -0, which superjson does not keep`,
      );
    }
    return;
  }
  if (object instanceof Date && Number.isNaN(object.getTime())) {
    // superjson writes an invalid Date as JSON's null, and reads back null.
    throw new EncodeError(`${describe(path)} is an invalid Date, which superjson stores as null`);
  }
  if (SUPPORTED_OBJECTS.some((Type) => object instanceof Type)) return;
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
    throw new EncodeError(
      `${describe(path)} is an instance of class ${name}; only plain objects, arrays, Date, Map, Set, RegExp, URL, Error, BigInt and typed arrays can be stored`,
    );
  }
  for (const key of Reflect.ownKeys(object)) {
    if (typeof key === 'symbol') {
      throw new EncodeError(`${describe(path)} has a symbol key, which cannot be stored`);
    }
    assertEncodable((object as Record<string, unknown>)[key], path ? `${path}.${key}` : key, seen);
  }
}

const utf8 = new TextEncoder();

export function byteLength(text: string): number {
  return utf8.encode(text).byteLength;
}

export function assertSize(encoded: Encoded, maxBytes: number): void {
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so short text needs no counting.
  if (encoded.length * 3 <= maxBytes) return;
  const size = byteLength(encoded);
  if (size > maxBytes) {
    throw new ValueTooLargeError(`Encoded value is ${size} bytes; the limit is ${maxBytes} bytes`);
  }
}

/** Encodes a value for storage, refusing what superjson would not restore faithfully. */
export function encode(value: unknown, maxBytes: number = DEFAULT_MAX_BYTES): Encoded {
  assertEncodable(value, '', new Set());
  let encoded: Encoded;
  try {
    encoded = superjson.stringify(value);
  } catch (cause) {
    throw new EncodeError(`superjson could not encode the value: ${String(cause)}`, { cause });
  }
  assertSize(encoded, maxBytes);
  return encoded;
}

export function decode<T = unknown>(encoded: Encoded): T {
  try {
    return superjson.parse<T>(encoded);
  } catch (cause) {
    throw new EncodeError('Stored text is not valid superjson', { cause });
  }
}
