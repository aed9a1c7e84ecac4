import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['reactive-rsc:source'] },
  ssr: {
    resolve: { conditions: ['reactive-rsc:source'], externalConditions: ['reactive-rsc:source'] },
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    // The suites start real engines, app servers and Chromium; on 2 cores they run one file at
    // a time, so that no test's timing depends on another file's load.
    fileParallelism: false,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
  },
});
