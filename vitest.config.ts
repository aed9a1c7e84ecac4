import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/setup/sequencer.ts';

// The toolchains and the examples besides the main one: a new app from the packed package,
// Next.js and Waku (each installs and builds its own for a minute or more of CPU), the main
// example under `vite dev`, the counter and web examples, the Dockerfile. A project of their
// own, `npm run test:examples`, which CI runs after `npm test`, so that `npm test` (the library
// and the main example in production) stays within 3 minutes on 2 cores.
const examples = [
  'test/e2e/own-app.test.ts',
  'test/e2e/next.test.ts',
  'test/e2e/waku.test.ts',
  'test/e2e/dev.test.ts',
  'test/e2e/example.test.ts',
  'test/e2e/web-example.test.ts',
  'test/e2e/dockerfile.test.ts',
];

// Node's compile cache for every node process the tests start (app servers, runners, npm, vite):
// hundreds of starts of the same modules on two cores.
process.env.NODE_COMPILE_CACHE ??= join(import.meta.dirname, 'node_modules/.cache/node-compile');

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
