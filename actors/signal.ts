import { actor, UserError } from 'rivetkit';
import { applyOp, type BatchOp, parseActorWriteOp } from '../src/core/apply-op.ts';
import type { Stored, WriteOp } from '../src/core/backend.ts';
import { DEFAULT_MAX_BYTES, decode, type Encoded } from '../src/core/codec.ts';
import type { SignalKey } from '../src/core/key.ts';
import {
  InvalidOperationError,
  ReactiveError,
  UnauthorizedError,
  ValidationError,
  VersionConflictError,
} from '../src/errors.ts';
import type { PlainActor } from './definition.ts';

/**
 * One signal's persisted state. `value` is superjson text, `null` when nothing is stored. Actors
 * written by earlier versions also hold an `updatedAt`; nothing reads it, so it does no harm.
 */
export interface SignalActorState {
  value: Encoded | null;
  version: number;
  /**
   * Ids of the last writes applied, oldest first: a write sent again with its id (its answer was
   * lost, or it went out over a connection and then stateless) is answered, not applied twice.
   * Absent in actors written before write ids.
   */
  recentWrites?: string[];
}

/**
 * How many write ids an actor remembers. A try is sent again within the caller's deadline (10 s
 * by default), so this is how many other writes may land meanwhile: a process sends one combined
 * write per key at a time, so it takes 1,000 writers, or 100 writes a second for 10 s.
 */
const RECENT_WRITES = 1_000;

export type SignalAccess = 'read' | 'write';

/** The part of RivetKit's action context a write uses (the full type lives inside `actor()`). */
export interface SignalWriteContext {
  key: readonly string[];
  state: SignalActorState;
  conn: { params: unknown };
  saveState(options: { immediate: boolean }): Promise<void>;
  /** Sends `change` with the new `{ version, data }` to this actor's connections. */
  broadcast(name: 'change', payload: Stored): void;
}

export interface SignalAuthorizeRequest {
  /** The connection params the caller passed (`getOrCreate(key, { params })`). */
  params: unknown;
  /** The actor's key, `[namespace, name]`. */
  key: SignalKey;
  access: SignalAccess;
}

export interface ReactiveStateActorOptions {
  /**
   * Decides whether a caller may read (connect, `get`) or write. Runs on every connection and
   * stateless call, and again on every write. Default: everyone may do everything, which suits
   * local development on 127.0.0.1 only.
   */
  authorize?: (request: SignalAuthorizeRequest) => boolean | Promise<boolean>;
  /** Largest encoded value stored, in bytes. Default 1 MiB. */
  maxBytes?: number;
  /**
   * Checks every value before it is stored, whoever writes it (our backend, a raw RivetKit
   * client, another app with the actor's credentials): throw to refuse (a `ValidationError`
   * keeps its issues; `validate(schema, value, what)` from `reactive-rsc` makes one from a
   * Standard Schema), or return `false`. A delete is not checked: it stores nothing.
   */
  validate?: (key: SignalKey, value: unknown) => unknown;
}

/** Runs the actor's `validate` on a value; refusals become `ValidationError`. */
async function checkValue(
  key: SignalKey,
  value: unknown,
  validate: NonNullable<ReactiveStateActorOptions['validate']>,
): Promise<void> {
  let verdict: unknown;
  try {
    verdict = await validate(key, value);
  } catch (error) {
    if (error instanceof ReactiveError) throw error;
    throw new ValidationError(`Refused by the actor's validate: ${String(error)}`, {
      cause: error,
    });
  }
  if (verdict === false) {
    throw new ValidationError(`Refused by the actor's validate for signal ${key.join('/')}`);
  }
}

/**
 * The signal actor's actions, with the part of RivetKit's context each one uses. `write` takes
 * the `WriteOp` every backend takes, or a batch of combined ones (one version for all); what
 * arrives is checked (`parseActorWriteOp`) before it is used.
 */
// A type alias, not an interface: RivetKit's `Actions` constraint needs an index signature.
export type SignalActorActions = {
  get: (c: { state: SignalActorState }) => Stored;
  write: (c: SignalWriteContext, op: WriteOp | BatchOp, writeId?: string) => Promise<Stored>;
};

/** The signal actor's RivetKit type, spelled out so declaration files can name it. */
export type ReactiveStateActor = PlainActor<SignalActorState, SignalActorActions>;

const isWriteId = (id: unknown): id is string =>
  typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id);

/** Our typed errors cross RivetKit as a `UserError` whose code is ours; the client rebuilds them. */
function toUserError(error: unknown): unknown {
  if (!(error instanceof ReactiveError)) return error;
  // A lost compare-and-set carries the current state, so the writer retries without a read;
  // a refused value carries what was wrong with it.
  const metadata =
    error instanceof VersionConflictError
      ? { current: error.current }
      : error instanceof ValidationError
        ? { issues: error.issues }
        : undefined;
  return new UserError(error.message, { code: error.code, metadata });
}

/**
 * The actor behind every persisted signal: one instance per key `[namespace, name]`, holding
 * `{ value, version }`. Every accepted write bumps the version, is on disk before the action
 * returns (an acknowledged write survives kill -9), and is broadcast once as `change` to this
 * actor's connections only.
 */
export function createReactiveStateActor(
  options: ReactiveStateActorOptions = {},
): ReactiveStateActor {
  const { authorize, validate, maxBytes = DEFAULT_MAX_BYTES } = options;

  async function check(key: readonly string[], params: unknown, access: SignalAccess) {
    if (!authorize) return;
    let allowed = false;
    try {
      allowed = await authorize({ params, key: key as unknown as SignalKey, access });
    } catch (cause) {
      throw new UserError(`authorize failed: ${String(cause)}`, { code: 'UNAUTHORIZED' });
    }
    if (!allowed) {
      throw toUserError(new UnauthorizedError(`Not allowed to ${access} signal ${key.join('/')}`));
    }
  }

  const stored = (state: SignalActorState): Stored => ({
    version: state.version,
    data: state.value,
  });

  return actor({
    state: { value: null, version: 0, recentWrites: [] } as SignalActorState,
    onBeforeConnect: (c, params: unknown) => check(c.key, params, 'read'),
    actions: {
      get: (c: { state: SignalActorState }): Stored => stored(c.state),
      async write(c: SignalWriteContext, op: WriteOp | BatchOp, writeId?: string): Promise<Stored> {
        await check(c.key, c.conn.params, 'write');
        let next: Stored;
        try {
          if (writeId !== undefined && !isWriteId(writeId)) {
            throw new InvalidOperationError(
              'A write id is a string of 1 to 64 letters, digits, - or _',
            );
          }
          const valid = parseActorWriteOp(op);
          for (;;) {
            if (writeId && c.state.recentWrites?.includes(writeId)) {
              // Applied already (by a try whose answer was lost, or one still saving): answer
              // with the state now, which holds it, once that is on disk.
              await c.saveState({ immediate: true });
              return stored(c.state);
            }
            const base = stored(c.state);
            next = applyOp(base, valid, maxBytes);
            if (!validate || next.data === null) break;
            await checkValue(c.key as unknown as SignalKey, decode(next.data), validate);
            // Another write landed while `validate` ran: apply this one to what is stored now.
            if (c.state.version === base.version) break;
          }
        } catch (error) {
          throw toUserError(error); // refused: state untouched
        }
        c.state.value = next.data;
        c.state.version = next.version;
        if (writeId) {
          c.state.recentWrites = [...(c.state.recentWrites ?? []), writeId].slice(-RECENT_WRITES);
        }
        await c.saveState({ immediate: true });
        c.broadcast('change', next);
        return next;
      },
    } satisfies SignalActorActions,
  });
}

/** The signal actor with no access control: for local development and the simplest start. */
export const reactiveStateActor: ReactiveStateActor = createReactiveStateActor();
