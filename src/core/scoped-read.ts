import type { PersistedSignal } from './persisted-signal.ts';

/**
 * How a server render reads signals. Live views (`reactive-rsc/server`) install a reader that
 * records what a render reads and answers with the value loaded for it; elsewhere (browsers,
 * plain scripts) there is none and `.value` is the last known value. Kept as a hook so the core
 * needs no server-only module.
 */
export type ScopedReader = <T>(signal: PersistedSignal<T>) => { value: T } | undefined;

let reader: ScopedReader | undefined;

export function installScopedReader(next: ScopedReader): void {
  reader = next;
}

export function scopedRead<T>(signal: PersistedSignal<T>): { value: T } | undefined {
  return reader?.(signal);
}

const computedBody = Symbol.for('reactive-rsc.computed');

/** Marks a computed with its body, so a live render can run it and see what it reads. */
export function withBody<S extends object>(signal: S, body: () => unknown): S {
  return Object.assign(signal, { [computedBody]: body });
}

export function bodyOf(value: unknown): (() => unknown) | undefined {
  return typeof value === 'object' && value !== null
    ? (value as { [computedBody]?: () => unknown })[computedBody]
    : undefined;
}
