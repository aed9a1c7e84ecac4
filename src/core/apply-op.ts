import { InvalidOperationError, VersionConflictError } from '../errors.ts';
import type { Stored, WriteOp } from './backend.ts';
import { assertSize, decode, type Encoded, encode } from './codec.ts';

/**
 * The meaning of every write, in one place: the memory backend and the signal actor both call
 * this, so a write means the same thing wherever it lands. Throws the typed error and returns
 * nothing when the write is refused, so a refused write never changes state.
 */
export function applyOp(stored: Stored, op: WriteOp, maxBytes: number): Stored {
  switch (op.op) {
    case 'set':
      checkVersion(stored, op.ifVersion);
      decode(op.data); // refuse text that could not be read back
      assertSize(op.data, maxBytes);
      return { version: stored.version + 1, data: op.data };
    case 'delete':
      checkVersion(stored, op.ifVersion);
      return { version: stored.version + 1, data: null };
    case 'add': {
      const base = current(stored, op.initial, 0);
      if (typeof base !== 'number') {
        throw new InvalidOperationError(`add needs a number, but the signal holds ${kind(base)}`);
      }
      return next(stored, base + op.by, maxBytes);
    }
    case 'append': {
      const base = current(stored, op.initial, []);
      if (!Array.isArray(base)) {
        throw new InvalidOperationError(
          `append needs an array, but the signal holds ${kind(base)}`,
        );
      }
      const items = [...base, decode(op.item)];
      return next(stored, op.max === undefined ? items : items.slice(-op.max), maxBytes);
    }
    case 'merge': {
      const base = current(stored, op.initial, {});
      const patch = decode(op.patch);
      if (!isPlainObject(base)) {
        throw new InvalidOperationError(
          `merge needs an object, but the signal holds ${kind(base)}`,
        );
      }
      if (!isPlainObject(patch)) {
        throw new InvalidOperationError(`merge takes a plain object, got ${kind(patch)}`);
      }
      return next(stored, { ...base, ...patch }, maxBytes);
    }
  }
}

function checkVersion(stored: Stored, ifVersion: number | undefined): void {
  if (ifVersion !== undefined && ifVersion !== stored.version) {
    throw new VersionConflictError(
      `Expected version ${ifVersion}, but the stored version is ${stored.version}`,
      { current: stored },
    );
  }
}

function current(stored: Stored, initial: Encoded | undefined, fallback: unknown): unknown {
  if (stored.data !== null) return decode(stored.data);
  return initial === undefined ? fallback : decode(initial);
}

function next(stored: Stored, value: unknown, maxBytes: number): Stored {
  return { version: stored.version + 1, data: encode(value, maxBytes) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Map) return 'a Map';
  if (value instanceof Set) return 'a Set';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isVersion = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * Checks a write that arrived from outside (an actor action, a hub POST) and returns it typed.
 * Anything else is an `InvalidOperationError`.
 */
export function parseWriteOp(input: unknown): WriteOp {
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const optional = <T>(v: unknown, check: (v: unknown) => v is T): v is T | undefined =>
    v === undefined || check(v);
  switch (o.op) {
    case 'set':
      if (isText(o.data) && optional(o.ifVersion, isVersion)) {
        return { op: 'set', data: o.data, ifVersion: o.ifVersion };
      }
      break;
    case 'delete':
      if (optional(o.ifVersion, isVersion)) return { op: 'delete', ifVersion: o.ifVersion };
      break;
    case 'add':
      if (typeof o.by === 'number' && Number.isFinite(o.by) && optional(o.initial, isText)) {
        return { op: 'add', by: o.by, initial: o.initial };
      }
      break;
    case 'append': {
      const isMax = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
      if (isText(o.item) && optional(o.max, isMax) && optional(o.initial, isText)) {
        return { op: 'append', item: o.item, max: o.max, initial: o.initial };
      }
      break;
    }
    case 'merge':
      if (isText(o.patch) && optional(o.initial, isText)) {
        return { op: 'merge', patch: o.patch, initial: o.initial };
      }
      break;
  }
  throw new InvalidOperationError(`Not a valid write: ${JSON.stringify(input)?.slice(0, 200)}`);
}
