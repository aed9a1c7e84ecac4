import type { ReadonlySignal } from '@preact/signals-core';
import type { PersistedSignal } from './persisted-signal.ts';
import { bodyOf, renderHooks, type StreamProducer } from './render-hooks.ts';

/**
 * A signal's value in a server component. Inside a live view it is the value loaded for this
 * render (one version per signal per render) and makes the view depend on the signal; outside,
 * it is the last value this process knows (use `await signal.get()` there for the latest).
 */
export function useServerState<T>(signal: PersistedSignal<T>): T {
  const loaded = renderHooks()?.read(signal);
  return loaded ? loaded.value : signal.peek();
}

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
  const current = renderHooks()?.stream(initial, producer, deps);
  if (current) return current.value;
  warnOutsideLiveView();
  return initial;
}

let warned = false;
/** Outside a live view nothing would ever run the producer: say so once, not silently. */
function warnOutsideLiveView() {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  if (warned || env?.NODE_ENV === 'production') return;
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
  if (body)
    return (renderHooks()?.rendering() ? body() : (source as ReadonlySignal<T>).peek()) as T;
  return useServerState(source as PersistedSignal<T>);
}
