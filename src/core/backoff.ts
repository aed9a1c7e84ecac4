/**
 * The pause before retry number `attempt` (from 1): doubling from 500 ms up to 10 s, jittered
 * by ±50% so that many clients cut off together do not come back together.
 */
export function backoffMs(attempt: number): number {
  return Math.min(10_000, 250 * 2 ** attempt) * (0.5 + Math.random());
}
