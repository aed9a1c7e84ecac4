// This process as a Rivet runner: started once, before Next serves a request (instrumentation.ts),
// and drained on SIGINT/SIGTERM, which `next start` leaves to us with NEXT_MANUAL_SIG_HANDLE=1.
// (`next dev` has no such switch: its parent process kills this one 100 ms after the signal, so
// the embedded engine, if any, stays up for the next `next dev`.)
import { reactiveRegistry, stopEmbeddedEngine } from 'reactive-rsc/rivet';
import { hub } from './hub.ts';
import { app, users } from './shared.ts';

export async function startRunner(): Promise<void> {
  try {
    await Promise.all([app.backend.ready(), users.backend.ready()]);
  } catch (error) {
    // Next would log it and answer every request with a 500: fail fast instead.
    console.error(`example next: ${(error as Error).message}`);
    process.exit(1);
  }
  // RivetKit drains the runner on these signals too, then raises the signal again: the handler
  // stays installed so that the second one does not end the process before the engine is stopped.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      // Ends every tab's stream: Next's server would otherwise wait for them before it exits.
      hub.close();
      // Hands this runner's actors back to the engine, which starts them on the next runner;
      // bounded, so that a stop never waits on an engine for long.
      const deadline = new Promise((resolve) => setTimeout(resolve, 10_000));
      await Promise.race([reactiveRegistry.shutdown(), deadline]);
      // The embedded engine outlives us by design; Ctrl-C on the example stops it too.
      if (!process.env.RIVET_ENDPOINT && !process.env.KEEP_ENGINE) await stopEmbeddedEngine();
      process.exit(0);
    });
  }
}
