import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/setup/sequencer.ts';

// Files that measure latency run after the rest, alone, so that no other file's load is in
// their figures.
const timed = ['test/rivet/runner-nodelay.test.ts'];

export default defineConfig({
  resolve: { conditions: ['reactive-rsc:source'] },
  ssr: {
    resolve: { conditions: ['reactive-rsc:source'], externalConditions: ['reactive-rsc:source'] },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Three files at a time on two cores: the suites mostly wait on real engines, processes and
    // Chromium (two at a time left the cores a third idle). Every file has its own engine, HOME
    // and ports, and builds the example app in its own copy, so files share no state.
    fileParallelism: true,
    maxWorkers: 3,
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: timed,
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'timed', include: timed, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
