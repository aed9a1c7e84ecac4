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
 * Last: the file that compares write → event latencies, so that it runs when the other workers
 * are on the small in-memory files, not beside the engines and browsers of the long ones.
 */
const last = ['test/rivet/runner-nodelay.test.ts'];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      if (last.some((path) => file.moduleId.endsWith(path))) return longestFirst.length + 1;
      const at = longestFirst.findIndex((path) => file.moduleId.endsWith(path));
      return at === -1 ? longestFirst.length : at;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
