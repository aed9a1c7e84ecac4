import { processGlobal } from '../core/process-global.ts';

/** One user's hold on a shared value; the value is closed when its last user releases it. */
export interface Lease<V> {
  readonly value: V;
  /**
   * Lets go of the value (once; later calls do nothing). Resolves when the value is closed, if
   * this was its last lease.
   */
  release(): Promise<void>;
}

interface Shared<V> {
  readonly value: V;
  readonly close: () => Promise<void>;
  users: number;
}

/** Process-wide: a second copy of this module (a bundler's) must share the same clients. */
const sharedByOwner = processGlobal(
  'leases',
  () => new WeakMap<object, Map<string, Shared<unknown>>>(),
);

/**
 * The value for `(owner, id)`, made on the first lease and shared by every lease after it until
 * the last is released: how backends made from one registry share one RivetKit client and one
 * connection pool per process. The first lease's `make` and `close` are the ones used: an `id`
 * must name everything `make` depends on.
 */
export function lease<V>(
  owner: object,
  id: string,
  make: () => V,
  close: (value: V) => Promise<void>,
): Lease<V> {
  let byId = sharedByOwner.get(owner);
  if (!byId) {
    byId = new Map();
    sharedByOwner.set(owner, byId);
  }
  let shared = byId.get(id) as Shared<V> | undefined;
  if (!shared) {
    const value = make();
    shared = { value, close: () => close(value), users: 0 };
    byId.set(id, shared);
  }
  shared.users++;
  const held = shared;
  const entries = byId;
  let released = false;
  return {
    value: held.value,
    async release() {
      if (released) return;
      released = true;
      if (--held.users > 0) return;
      if (entries.get(id) === held) entries.delete(id);
      await held.close();
    },
  };
}

/**
 * A stable id for plain data (options, connection params), or `undefined` when the value is not
 * plain data and so is not shared.
 */
export function dataId(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return undefined; // not plain data (a cycle, a BigInt): not shared
  }
}
