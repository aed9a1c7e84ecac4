'use client';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { BackendStatus } from '../core/backend.ts';
import { decode } from '../core/codec.ts';
import type { PersistedSignal, SignalRef } from '../core/persisted-signal.ts';
import type { ReactiveClient } from './reactive-client.ts';

const isRef = <T>(source: SignalRef<T> | PersistedSignal<T>): source is SignalRef<T> =>
  !('subscribe' in source);

/**
 * The value of a signal in a client component, live. Given a ref from the server, the first
 * render (and hydration) shows the value the server rendered with, so there is no flash and no
 * mismatch; then every newer version.
 */
export function useSignal<T>(client: ReactiveClient, source: SignalRef<T> | PersistedSignal<T>): T {
  const signal = isRef(source) ? client.signal(source) : source;
  const serverValue = useMemo(
    () => (isRef(source) ? decode<T>(source.data ?? source.initial) : signal.peek()),
    [source, signal],
  );
  const subscribe = useCallback((onChange: () => void) => signal.subscribe(onChange), [signal]);
  return useSyncExternalStore(
    subscribe,
    () => signal.peek(),
    () => serverValue,
  );
}

/** The tab's connection to the hub: `connecting | live | reconnecting | offline`. */
export function useConnectionStatus(client: ReactiveClient): BackendStatus {
  const subscribe = useCallback(
    (onChange: () => void) => client.backend.onStatus(onChange),
    [client],
  );
  return useSyncExternalStore(
    subscribe,
    () => client.status,
    () => 'connecting' as const,
  );
}
