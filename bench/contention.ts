// Q5: 8 writers doing set(c => c + 1) on one signal, against one writer doing plain writes;
// and the lost updates (must be 0).
import { reactiveStateActor } from '../actors/index.ts';
import { createReactiveBackend } from '../src/rivet/index.ts';
import { report, startRig } from './lib.ts';

const SECONDS = 3;

export async function run(): Promise<void> {
  const rig = await startRig({ reactiveState: reactiveStateActor });
  try {
    const { signal, backend } = createReactiveBackend({
      registry: rig.registry,
      namespace: 'contention',
    });
    const serialSignal = signal('serial', 0);
    let serial = 0;
    let until = Date.now() + SECONDS * 1000;
    while (Date.now() < until) await serialSignal.set(++serial);

    const contended = signal('contended', 0);
    await contended.get();
    let done = 0;
    until = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (Date.now() < until) {
          await contended.set((c) => c + 1);
          done++;
        }
      }),
    );
    const final = await contended.get();
    report({
      name: 'contention: serial plain writes',
      value: Math.round(serial / SECONDS),
      unit: 'writes/s',
    });
    report({
      name: 'contention: 8 writers set(c => c + 1)',
      value: Math.round(done / SECONDS),
      unit: 'writes/s',
    });
    report({
      name: 'contention ratio set(fn)/serial',
      value: done / serial,
      unit: 'x',
      target: '>= 0.5',
    });
    report({
      name: 'contention lost updates',
      value: done - final,
      unit: 'updates',
      target: '== 0',
    });
    await backend.close();
  } finally {
    await rig.stop();
  }
}
