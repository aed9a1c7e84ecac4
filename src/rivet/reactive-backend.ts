import type { RegistryActors } from 'rivetkit';
import {
  createReactiveBackend as createOnBackend,
  type ReactiveBackend,
} from '../core/reactive-backend.ts';
import {
  createRivetBackend,
  type RivetBackend,
  type RivetBackendOptions,
} from './rivet-backend.ts';

export interface RivetReactiveBackendOptions<A extends RegistryActors>
  extends RivetBackendOptions<A> {
  /** First part of every actor key: `[namespace, name]`. Default `'default'`. */
  namespace?: string;
  /** Tries of a functional `set(fn)` under contention. Default 100. */
  maxAttempts?: number;
}

export interface RivetReactiveBackend extends Omit<ReactiveBackend, 'backend'> {
  backend: RivetBackend;
}

/**
 * Persisted signals where every signal is its own actor keyed `[namespace, name]`. Backends made
 * from the same registry share the process's one RivetKit runner.
 */
export function createReactiveBackend<A extends RegistryActors>(
  options: RivetReactiveBackendOptions<A>,
): RivetReactiveBackend {
  const backend = createRivetBackend(options);
  const reactive = createOnBackend({
    backend,
    namespace: options.namespace,
    maxAttempts: options.maxAttempts,
  });
  return { ...reactive, backend };
}
