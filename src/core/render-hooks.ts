import type { PersistedSignal } from './persisted-signal.ts';
import { processGlobal } from './process-global.ts';

/** A producer for `useReactiveStream`: push values with `next`, return a cleanup. */
export type StreamProducer<T> = (stream: { next(value: T): void }) => (() => void) | undefined;

/**
 * How a server render reads. Live views (`reactive-rsc/server`) attach these when they first
 * render; each answers `undefined` outside a live render, as it does where nothing is attached
 * (browsers, plain scripts). The core holds only this slot, so it needs no server-only module.
 */
export interface RenderHooks {
  /** The value loaded for this render; records the signal as a dependency of the view. */
  read<T>(signal: PersistedSignal<T>): { value: T } | undefined;
  /** The producer's latest value in this render; registers it with the view. */
  stream<T>(
    initial: T,
    producer: StreamProducer<T>,
    deps: readonly unknown[],
  ): { value: T } | undefined;
  /** Whether a live render is running here (a computed then runs its body in it). */
  rendering(): boolean;
}

/** Process-wide, so a second copy of this module (a bundler's, a dev reload's) sees the hooks. */
const attached = processGlobal('render-hooks-slot', () => ({
  hooks: undefined as RenderHooks | undefined,
}));

export function attachRenderHooks(hooks: RenderHooks): void {
  attached.hooks = hooks;
}

export function renderHooks(): RenderHooks | undefined {
  return attached.hooks;
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
