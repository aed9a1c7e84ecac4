import type { Backend, Stored, WriteOp } from '../core/backend.ts';
import { type Encoded, encode } from '../core/codec.ts';
import type { SignalKey } from '../core/key.ts';
import type { PersistedSignal } from '../core/persisted-signal.ts';
import type { ReactiveBackend, SignalOptions } from '../core/reactive-backend.ts';
import { UnauthorizedError } from '../errors.ts';
import { writeAsDeclared } from './declared-write.ts';

type OpName = WriteOp['op'];

export interface WriteRuleOptions {
  /** The operations a browser may send, e.g. `['add']`. */
  ops: readonly OpName[];
  /** For `add`: the only amounts allowed, e.g. `[1]` for "+1 and nothing else". */
  by?: readonly number[];
  /** For `append`: the list keeps at most this many items, whatever `max` the browser sent. */
  max?: number;
  /** Who may: decided on the browser's request (its cookies, its headers). Default: anyone. */
  when?: (request: Request) => boolean | Promise<boolean>;
}

/**
 * What browsers may write, rule by rule (`createReactiveHandler({ writes })`). A browser write
 * goes through the declared signal its rule names: the hub uses that signal's initial value
 * (never one the browser sent) and checks the value with its schema. A write no rule covers is
 * refused.
 */
export interface WriteRule {
  /** Whether this rule is about `key` (its signal, or its family's namespace). */
  covers(key: SignalKey): boolean;
  /**
   * The declared signal and the write to send through it, if `request` may make it: with the
   * rule's caps (the hub then applies the signal's initial value and schema). Throws
   * `UnauthorizedError` otherwise.
   */
  admit(
    request: Request,
    key: SignalKey,
    op: WriteOp,
  ): Promise<{ signal: PersistedSignal<unknown>; op: WriteOp }>;
}

/** Browsers may make `options.ops` writes to `signal`, e.g. `writable(counter, { ops: ['add'], by: [1] })`. */
export function writable<T>(signal: PersistedSignal<T>, options: WriteRuleOptions): WriteRule {
  const declared = signal as PersistedSignal<unknown>;
  const id = signal.key.join('/');
  return {
    covers: (key) => key.join('/') === id,
    admit: async (request, _key, op) => ({
      signal: declared,
      op: await admit(request, op, declared, options),
    }),
  };
}

/**
 * Browsers may write the signals of `signals`' namespace whose name `name(name, request)`
 * accepts, each declared with `initial` (and `schema`): e.g. "a user writes only their own",
 * `writableEach(users, { initial: 'light', ops: ['set'], name: (n, req) => n === userOf(req) })`.
 */
export function writableEach<T>(
  signals: Pick<ReactiveBackend, 'signal' | 'namespace'>,
  options: WriteRuleOptions &
    SignalOptions<T> & {
      initial: T;
      name: (name: string, request: Request) => boolean | Promise<boolean>;
    },
): WriteRule {
  const { initial, schema, name } = options;
  return {
    covers: ([namespace]) => namespace === signals.namespace,
    async admit(request, [namespace, signalName], op) {
      // The name is checked before the signal is declared: a browser cannot make this process
      // hold a signal object for every name it sends.
      if (!(await name(signalName, request))) {
        throw new UnauthorizedError(`Not allowed to write ${namespace}/${signalName}`);
      }
      const signal = (
        schema
          ? signals.signal(signalName, initial, { schema })
          : signals.signal(signalName, initial)
      ) as PersistedSignal<unknown>;
      return { signal, op: await admit(request, op, signal, options) };
    },
  };
}

/**
 * A browser's write under `rules`: through the declared signal of the rule that covers its key,
 * checked with that signal's schema. Throws `UnauthorizedError` when no rule covers it or its
 * rule refuses, `ValidationError` when the value does not match.
 */
export async function writeByRule(
  backend: Backend,
  rules: readonly WriteRule[],
  request: Request,
  key: SignalKey,
  op: WriteOp,
): Promise<Stored> {
  const rule = rules.find((candidate) => candidate.covers(key));
  if (!rule)
    throw new UnauthorizedError(`Browsers may not write ${key.join('/')}: no rule covers it`);
  const { signal, op: admitted } = await rule.admit(request, key, op);
  return writeAsDeclared(backend, key, admitted, {
    initial: encodedInitial(signal),
    schema: signal.schema,
  });
}

/** A rule's signal's initial value, encoded once, not on every browser write. */
const encodedInitials = new WeakMap<PersistedSignal<unknown>, Encoded>();
function encodedInitial(signal: PersistedSignal<unknown>): Encoded {
  let encoded = encodedInitials.get(signal);
  if (encoded === undefined) {
    encoded = encode(signal.initial);
    encodedInitials.set(signal, encoded);
  }
  return encoded;
}

async function admit(
  request: Request,
  op: WriteOp,
  signal: PersistedSignal<unknown>,
  options: WriteRuleOptions,
): Promise<WriteOp> {
  const id = signal.key.join('/');
  const refuse = (why: string) => new UnauthorizedError(`Not allowed to ${op.op} ${id}: ${why}`);
  if (!options.ops.includes(op.op)) throw refuse(`browsers may ${options.ops.join(', ')} only`);
  if (options.when && !(await options.when(request))) throw refuse('refused for this request');
  if (op.op === 'add' && options.by && !options.by.includes(op.by)) {
    throw refuse(`the amount may be ${options.by.join(' or ')} only`);
  }
  if (op.op === 'append' && options.max !== undefined) {
    return { ...op, max: Math.min(op.max ?? options.max, options.max) };
  }
  return op;
}
