import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/setup/sequencer.ts';

// The examples besides the main one, and the Dockerfile: a new app from the packed package,
// Next.js and Waku (each installs and builds its own toolchain for a minute or more of CPU), the
// counter and web examples. A project of their own, `npm run test:examples`, which CI runs after
// `npm test`, so that `npm test` (the library and the main example) stays within 3 minutes on
// 2 cores.
const examples = [
  'test/e2e/own-app.test.ts',
  'test/e2e/next.test.ts',
  'test/e2e/waku.test.ts',
  'test/e2e/example.test.ts',
  'test/e2e/web-example.test.ts',
  'test/e2e/dockerfile.test.ts',
];

export default defineConfig({
  resolve: { conditions: ['reactive-rsc:source'] },
  ssr: {
    resolve: { conditions: ['reactive-rsc:source'], externalConditions: ['reactive-rsc:source'] },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Three files at a time on two cores: the suites mostly wait on real engines, processes and
    // Chromium (two at a time left the cores a third idle; four made the machine the bottleneck).
    // Every file has its own engine, HOME and ports; Chromium and the example app's build are
    // the run's (test/setup/global.ts), and files open their own tabs and app servers on them.
    fileParallelism: true,
    maxWorkers: 3,
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: examples,
          globalSetup: ['test/setup/global.ts'],
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.ts'],
            tsconfig: 'test/tsconfig.types.json',
          },
        },
      },
      { extends: true, test: { name: 'examples', include: examples } },
    ],
  },
});
