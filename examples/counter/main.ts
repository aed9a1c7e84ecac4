// A persisted counter on the memory backend: the same API the Rivet backend serves.
import { createMemoryBackend, createReactiveBackend, effect } from 'reactive-rsc';

const { signal, computed } = createReactiveBackend({ backend: createMemoryBackend() });

const counter = signal('counter', 0);
const doubled = computed(() => counter.value * 2);

const stop = effect(() => {
  console.log(
    `counter = ${counter.value}, doubled = ${doubled.value} (version ${counter.version})`,
  );
});
await counter.set((c) => c + 1);
await counter.add(10);
await counter.set(100);
await new Promise((resolve) => setTimeout(resolve, 10));
stop();
