import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['reactive-rsc:source'] },
  ssr: {
    resolve: { conditions: ['reactive-rsc:source'], externalConditions: ['reactive-rsc:source'] },
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
  },
});
