import { InvalidOperationError, VersionConflictError } from '../errors.ts';
import type { Stored, WriteOp } from './backend.ts';
import { assertSize, decode, encode } from './codec.ts';

/** The writes that can be combined: each computes a new value from the stored one. */
export type CombinableOp = Extract<WriteOp, { op: 'add' | 'append' | 'merge' }>;

/**
 * Several combinable writes from one process applied as one, in order, for one new version
 * (see write-combiner.ts). Only between a backend and its actor: the hub takes no batches.
 */
export interface BatchOp {
  readonly op: 'batch';
  readonly ops: readonly CombinableOp[];
}

/** How many writes one batch may hold. */
export const MAX_BATCH = 1_000;

export const isCombinable = (op: WriteOp): op is CombinableOp =>
  op.op === 'add' || op.op === 'append' || op.op === 'merge';

/**
 * The meaning of every write, in one place: the memory backend and the signal actor both call
 * this, so a write means the same thing wherever it lands. Throws the typed error and returns
 * nothing when the write is refused, so a refused write never changes state. A batch is
 * refused whole when one of its writes is.
 */
export function applyOp(stored: Stored, op: WriteOp | BatchOp, maxBytes: number): Stored {
  switch (op.op) {
    case 'set':
      checkVersion(stored, op.ifVersion);
      decode(op.data); // refuse text that could not be read back
      assertSize(op.data, maxBytes);
      return { version: stored.version + 1, data: op.data };
    case 'delete':
      checkVersion(stored, op.ifVersion);
      return { version: stored.version + 1, data: null };
    case 'batch': {
      const [first] = op.ops;
      if (!first) throw new InvalidOperationError('A batch holds at least one write');
      // Decoded once and encoded once, however many writes the batch holds.
      let value = current(stored, first);
      for (const each of op.ops) value = combine(value, each);
      return next(stored, value, maxBytes);
    }
    default:
      return next(stored, combine(current(stored, op), op), maxBytes);
  }
}

/** What a combinable write makes of `base`, the value it applies to. */
function combine(base: unknown, op: CombinableOp): unknown {
  switch (op.op) {
    case 'add':
      if (typeof base !== 'number') {
        throw new InvalidOperationError(`add needs a number, but the signal holds ${kind(base)}`);
      }
      return base + op.by;
    case 'append': {
      if (!Array.isArray(base)) {
        throw new InvalidOperationError(
          `append needs an array, but the signal holds ${kind(base)}`,
        );
      }
      const items = [...base, decode(op.item)];
      return op.max === undefined ? items : items.slice(-op.max);
    }
    case 'merge': {
      const patch = decode(op.patch);
      if (!isPlainObject(base)) {
        throw new InvalidOperationError(
          `merge needs an object, but the signal holds ${kind(base)}`,
        );
      }
      if (!isPlainObject(patch)) {
        throw new InvalidOperationError(`merge takes a plain object, got ${kind(patch)}`);
      }
      return { ...base, ...patch };
    }
  }
}

const EMPTY_OF: Record<CombinableOp['op'], () => unknown> = {
  add: () => 0,
  append: () => [],
  merge: () => ({}),
};

function checkVersion(stored: Stored, ifVersion: number | undefined): void {
  if (ifVersion !== undefined && ifVersion !== stored.version) {
    throw new VersionConflictError(
      `Expected version ${ifVersion}, but the stored version is ${stored.version}`,
      { current: stored },
    );
  }
}

/** The value a combinable write applies to: the stored one, else its initial, else empty. */
function current(stored: Stored, op: CombinableOp): unknown {
  if (stored.data !== null) return decode(stored.data);
  return op.initial === undefined ? EMPTY_OF[op.op]() : decode(op.initial);
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

/** Checks what the signal actor's `write` action received: any write, or a batch of them. */
export function parseActorWriteOp(input: unknown): WriteOp | BatchOp {
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (o.op !== 'batch') return parseWriteOp(input);
  if (!Array.isArray(o.ops) || o.ops.length === 0 || o.ops.length > MAX_BATCH) {
    throw new InvalidOperationError(`A batch holds 1 to ${MAX_BATCH} writes`);
  }
  const ops = o.ops.map(parseWriteOp);
  if (!ops.every(isCombinable)) {
    throw new InvalidOperationError('A batch holds only add, append and merge writes');
  }
  return { op: 'batch', ops };
}
