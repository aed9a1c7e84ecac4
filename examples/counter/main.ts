// The simplest start: the pre-made registry on RivetKit's embedded engine (127.0.0.1, files on
// disk). Run it twice: the count goes on from where the last run left it, after a full restart
// of the engine.
import {
  createReactiveBackend,
  embeddedEngineDir,
  reactiveRegistry,
  stopEmbeddedEngine,
} from 'reactive-rsc/rivet';

const { signal, computed, backend } = createReactiveBackend({ registry: reactiveRegistry });

const visits = signal('visits', 0);
const log = signal<{ at: Date; visit: number }[]>('visit-log', []);
const summary = computed(
  () => `${visits.value} visits, last at ${log.value.at(-1)?.at.toISOString() ?? 'never'}`,
);

const before = await visits.get();
const stop = summary.subscribe((text) => console.log(`live: ${text}`));
const now = await visits.add(1);
await log.append({ at: new Date(), visit: now }, { max: 5 });
console.log(
  `visits: ${before} → ${now} (version ${visits.version}); stored by actor ${visits.key.join('/')}`,
);
console.log(
  `last ${(await log.get()).length} visits:`,
  (await log.get()).map((v) => v.visit).join(', '),
);
await new Promise((resolve) => setTimeout(resolve, 200));
stop();

await backend.close();
await reactiveRegistry.shutdown();

// RivetKit's embedded engine outlives this process by design; stop it so the next run restarts
// it from disk (KEEP_ENGINE=1 leaves it running).
if (!process.env.KEEP_ENGINE && !process.env.RIVET_ENDPOINT) {
  const pid = await stopEmbeddedEngine();
  console.log(`stopped the embedded engine (pid ${pid}); data stays in ${embeddedEngineDir()}`);
}
process.exit(0);
