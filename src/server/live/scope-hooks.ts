import { decode } from '../../core/codec.ts';
import { keyId } from '../../core/key.ts';
import type { PersistedSignal } from '../../core/persisted-signal.ts';
import type { RenderHooks, StreamProducer } from '../../core/render-hooks.ts';
import { producers } from './producers.ts';
import { currentScope } from './scope.ts';

/**
 * The render hooks of live views: every read and stream in a render goes through the render's
 * scope, so the view learns its dependencies and reads one loaded version per signal.
 */
export const scopeHooks: RenderHooks = {
  read<T>(signal: PersistedSignal<T>) {
    const scope = currentScope();
    if (!scope) return undefined;
    const id = keyId(signal.key);
    scope.used.add(id);
    const loaded = scope.loaded.get(id);
    if (loaded) return { value: loaded.value as T };
    const delivered = scope.delivered.get(id);
    if (delivered) {
      const value = delivered.data === null ? signal.initial : decode<T>(delivered.data);
      scope.loaded.set(id, { key: signal.key, value, version: delivered.version });
      return { value };
    }
    scope.missing.set(id, { key: signal.key, load: () => signal.read() });
    return { value: signal.peek() };
  },

  stream<T>(initial: T, producer: StreamProducer<T>, deps: readonly unknown[]) {
    const scope = currentScope();
    if (!scope) return undefined;
    const id = `${scope.view}#${scope.producerIndex++}:${JSON.stringify(deps)}`;
    scope.producers.set(id, {
      id,
      initial,
      start: (next) => producer({ next }) ?? undefined,
    });
    const current = producers.current(id);
    return { value: current ? (current.value as T) : initial };
  },

  rendering: () => currentScope() !== undefined,
};
