import { AsyncLocalStorage } from 'node:async_hooks';
import type { Stored } from '../../core/backend.ts';
import type { SignalKey } from '../../core/key.ts';
import { processGlobal } from '../../core/process-global.ts';

/** A server-side producer a view used (`useReactiveStream`), by its process-wide id. */
export interface ProducerUse {
  id: string;
  start(next: (value: unknown) => void): (() => void) | undefined;
  initial: unknown;
}

/**
 * What one render of a live view read. Values are loaded before the render that uses them, so
 * every read in one render sees one version per signal.
 */
export interface RenderScope {
  readonly view: string;
  /** States a watch's subscriptions delivered, by key id: read as loaded, not read back. */
  readonly delivered: ReadonlyMap<string, Stored>;
  /** Values loaded for this render, by key id. */
  readonly loaded: Map<string, { value: unknown; version: number; key: SignalKey }>;
  /** Signals read that were not loaded yet: the next pass loads them. */
  readonly missing: Map<
    string,
    { load(): Promise<{ value: unknown; version: number }>; key: SignalKey }
  >;
  /** Key ids this pass read: the view's dependencies. */
  readonly used: Set<string>;
  readonly producers: Map<string, ProducerUse>;
  producerIndex: number;
}

/**
 * One per process, even where a module reload or a bundler loads this module more than once: a
 * view evaluated by newer code still records its reads into a render started by older code.
 */
const storage = processGlobal('render-scope', () => new AsyncLocalStorage<RenderScope>());

export function currentScope(): RenderScope | undefined {
  return storage.getStore();
}

export function runInScope<T>(scope: RenderScope, fn: () => T): T {
  return storage.run(scope, fn);
}
