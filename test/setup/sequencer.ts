import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (they install, build and start processes), longest first. Vitest
 * orders by the durations of an earlier run, which a fresh clone (CI) does not have; left to
 * file size, the longest file can start last and run alone at the end.
 */
const longestFirst = [
  'test/e2e/own-app.test.ts',
  'test/e2e/next.test.ts',
  'test/e2e/waku.test.ts',
  'test/e2e/readme.test.ts',
  'test/e2e/app.test.ts',
  'test/faults/durability.test.ts',
  'test/conformance/rivet-postgres.test.ts',
  'test/faults/multi-node.test.ts',
  'test/e2e/server-actions.test.ts',
  'test/e2e/serverless.test.ts',
];

/**
 * The in-memory files (no engine, no process, no browser) go last: they fill the workers that
 * the long files leave free at the end.
 */
const inMemory = [
  'test/architecture.test.ts',
  'test/core/',
  'test/server/',
  'test/client/',
  'test/conformance/memory.test.ts',
];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const path = relative(file.project.config.root, file.moduleId);
      const at = longestFirst.indexOf(path);
      if (at !== -1) return at;
      if (inMemory.some((prefix) => path.startsWith(prefix))) return longestFirst.length + 1;
      return longestFirst.length;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
