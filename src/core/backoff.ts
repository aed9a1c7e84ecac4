/**
 * The pause before retry number `attempt` (from 1): doubling from 500 ms up to `maxMs` (10 s
 * unless given), jittered by ±50% so that many clients cut off together do not come back
 * together.
 */
export function backoffMs(attempt: number, maxMs = 10_000): number {
  return Math.min(maxMs, 250 * 2 ** attempt) * (0.5 + Math.random());
}
