import { keyId, type SignalKey } from './key.ts';

/**
 * The keys server code declared in this process (`signal(name, initial)`), by store. A store
 * may create the actor (or row) of a declared key on a read; a key nobody declared is one a
 * browser named, and reading it must not make the store hold anything.
 */
const slot = Symbol.for('reactive-rsc.declared-keys');
/** Process-wide, so a second copy of this module (a bundler's, a dev reload's) sees the same. */
const holder = globalThis as { [slot]?: Map<string, Set<string>> };
const declared: Map<string, Set<string>> = (holder[slot] ??= new Map());

export function declareKey(store: string, key: SignalKey): void {
  let keys = declared.get(store);
  if (!keys) declared.set(store, (keys = new Set()));
  keys.add(keyId(key));
}

export function isDeclared(store: string, key: SignalKey): boolean {
  return declared.get(store)?.has(keyId(key)) ?? false;
}
