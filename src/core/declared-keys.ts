import type { Encoded } from './codec.ts';
import { keyId, type SignalKey } from './key.ts';
import { processGlobal } from './process-global.ts';
import type { Schema } from './schema.ts';

/** What server code said about a key when it declared its signal. */
export interface Declaration {
  /** The signal's initial value, encoded: the base of a first `add`, `append` or `merge`. */
  initial: Encoded;
  schema: Schema<unknown> | undefined;
}

/**
 * The keys server code declared in this process (`signal(name, initial)`), by store. A store
 * may create the actor (or row) of a declared key on a read; a key nobody declared is one a
 * browser named, and reading it must not make the store hold anything. The hub also takes a
 * declared key's initial value and schema for a browser's write, never the browser's own.
 */
const declared = processGlobal('declared-keys', () => new Map<string, Map<string, Declaration>>());

export function declareKey(store: string, key: SignalKey, declaration: Declaration): void {
  const keys = declared.get(store) ?? new Map<string, Declaration>();
  declared.set(store, keys);
  keys.set(keyId(key), declaration);
}

export function declarationOf(store: string, key: SignalKey): Declaration | undefined {
  return declared.get(store)?.get(keyId(key));
}

export function isDeclared(store: string, key: SignalKey): boolean {
  return declarationOf(store, key) !== undefined;
}
