import type { ReadonlySignal } from '@preact/signals-core';
import { keyId } from '../core/key.ts';
import type { PersistedSignal } from '../core/persisted-signal.ts';
import type { StreamProducer } from '../core/reactive-backend.ts';
import { bodyOf, installScopedReader } from '../core/scoped-read.ts';
import { producers } from './producers.ts';
import { currentScope } from './scope.ts';

/**
 * A signal's value in a server component. Inside a live view it is the value loaded for this
 * render (one version per signal per render) and makes the view depend on the signal; outside,
 * it is the last value this process knows (use `await signal.get()` there for the latest).
 */
export function useServerState<T>(signal: PersistedSignal<T>): T {
  return readInScope(signal)?.value ?? signal.peek();
}

/** The live-view reader of signals: records the read and answers with the loaded value. */
function readInScope<T>(signal: PersistedSignal<T>): { value: T } | undefined {
  const scope = currentScope();
  if (!scope) return undefined;
  const id = keyId(signal.key);
  scope.used.add(id);
  const loaded = scope.loaded.get(id);
  if (loaded) return { value: loaded.value as T };
  scope.missing.set(id, { key: signal.key, load: () => signal.read() });
  return { value: signal.peek() };
}
installScopedReader(readInScope);

/**
 * A server-side producer whose values re-render the live view: `producer` starts when the first
 * tab watches the view, is shared by every tab watching the same view with the same `deps` in
 * this process, and its cleanup runs when the last one leaves. `deps` must be JSON.
 */
export function useReactiveStream<T>(
  initial: T,
  producer: StreamProducer<T>,
  deps: readonly unknown[] = [],
): T {
  const scope = currentScope();
  if (!scope) {
    warnOutsideLiveView();
    return initial;
  }
  const id = `${scope.view}#${scope.producerIndex++}:${JSON.stringify(deps)}`;
  scope.producers.set(id, {
    id,
    initial,
    start: (next) => producer({ next: (value: T) => next(value) }) ?? undefined,
  });
  const current = producers.current(id);
  return current ? (current.value as T) : initial;
}

let warned = false;
/** Outside a live view nothing would ever run the producer: say so once, not silently. */
function warnOutsideLiveView() {
  if (warned || process.env.NODE_ENV === 'production') return;
  warned = true;
  console.warn(
    'reactive-rsc: useReactive(initial, producer) / useReactiveStream outside a live() view ' +
      'returns the initial value and never starts the producer; wrap the component in ' +
      'live(name, Component) to stream its values.',
  );
}

/**
 * `useReactive(signal)` reads a signal; `useReactive(computed)` runs the computed's body in the
 * render, so the signals it reads are the view's dependencies; `useReactive(initial, producer,
 * deps)` is a stream.
 */
export function useReactive<T>(signal: PersistedSignal<T> | ReadonlySignal<T>): T;
export function useReactive<T>(
  initial: T,
  producer: StreamProducer<T>,
  deps?: readonly unknown[],
): T;
export function useReactive<T>(
  source: PersistedSignal<T> | ReadonlySignal<T> | T,
  producer?: StreamProducer<T>,
  deps?: readonly unknown[],
): T {
  if (producer) return useReactiveStream(source as T, producer, deps);
  const body = bodyOf(source);
  if (body) return (currentScope() ? body() : (source as ReadonlySignal<T>).peek()) as T;
  return useServerState(source as PersistedSignal<T>);
}
