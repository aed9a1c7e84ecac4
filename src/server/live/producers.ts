import { processGlobal } from '../../core/process-global.ts';
import type { ProducerUse } from './scope.ts';

interface Running {
  value: unknown;
  hasValue: boolean;
  watchers: Set<() => void>;
  cleanup: (() => void) | undefined;
}

/**
 * Server-side producers (`useReactiveStream`), one per view, position and deps in this process:
 * started when the first tab watches a view that uses it, shared by every tab, and cleaned up
 * when the last one leaves, so no interval outlives its audience.
 */
class ProducerRegistry {
  readonly #running = new Map<string, Running>();

  /** Starts the producer if needed; `onChange` runs on every value. Returns the release. */
  acquire(use: ProducerUse, onChange: () => void): () => void {
    let running = this.#running.get(use.id);
    if (!running) {
      const entry: Running = {
        value: use.initial,
        hasValue: false,
        watchers: new Set(),
        cleanup: undefined,
      };
      running = entry;
      this.#running.set(use.id, entry);
      entry.cleanup =
        use.start((value) => {
          entry.value = value;
          entry.hasValue = true;
          for (const watcher of entry.watchers) watcher();
        }) ?? undefined;
    }
    const entry = running;
    entry.watchers.add(onChange);
    return () => {
      entry.watchers.delete(onChange);
      if (entry.watchers.size > 0 || this.#running.get(use.id) !== entry) return;
      this.#running.delete(use.id);
      entry.cleanup?.();
    };
  }

  /** The producer's latest value, if it is running and has produced one. */
  current(id: string): { value: unknown } | undefined {
    const running = this.#running.get(id);
    return running?.hasValue ? { value: running.value } : undefined;
  }

  /** Producers running in this process, for tests. */
  get size(): number {
    return this.#running.size;
  }
}

/** One registry per process, even where bundlers load this module more than once. */
export const producers = processGlobal('producers', () => new ProducerRegistry());

/** Live-view machinery running in this process, for tests and monitoring. */
export function liveStats(): { producers: number } {
  return { producers: producers.size };
}
