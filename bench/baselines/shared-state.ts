// The seed's design, as the baseline the actor-per-signal design replaces: ONE actor holds every
// signal in a map, `setSignal` writes one, and every write broadcasts the full state to every
// connection. Faithful to the seed: state saved by RivetKit's periodic flush (no immediate save).
import { actor } from 'rivetkit';

export const sharedStateActor = actor({
  state: { signals: {} as Record<string, unknown> },
  actions: {
    setSignal: (c, key: string, value: unknown) => {
      c.state.signals[key] = value;
      c.broadcast('state', c.state.signals);
      return true;
    },
    getSignal: (c, key: string) => c.state.signals[key],
    /** For the benchmark's set-up only: stores many signals in one action, telling nobody. */
    fill: (c, entries: Record<string, unknown>) => {
      Object.assign(c.state.signals, entries);
      return true;
    },
  },
});

/**
 * The fairer variant of the shared actor: the same one map, but a write broadcasts only the
 * signal it changed.
 */
export const sharedDeltaActor = actor({
  state: { signals: {} as Record<string, unknown> },
  actions: {
    setSignal: (c, key: string, value: unknown) => {
      c.state.signals[key] = value;
      c.broadcast('change', { key, value });
      return true;
    },
    fill: (c, entries: Record<string, unknown>) => {
      Object.assign(c.state.signals, entries);
      return true;
    },
  },
});
