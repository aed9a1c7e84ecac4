// Shared by every benchmark: figures (printed one per line, collected for the JSON result),
// statistics, and the real engine on free 127.0.0.1 ports.
import type { RegistryActors } from 'rivetkit';
import { startRivet } from '../test/fixtures/rivet.ts';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** e.g. "<= 1.10"; figures with a target say whether it is met. */
  target?: string;
  met?: boolean;
  p99?: number;
}

export const figures: Figure[] = [];

export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
export const median = (samples: number[]) => quantile(samples, 0.5);

/** Records and prints one figure. `target` is `<= x` or `>= x` (or `== x`). */
export function report(figure: Omit<Figure, 'met'>): void {
  let met: boolean | undefined;
  if (figure.target) {
    const [op, raw] = figure.target.split(' ') as [string, string];
    const bound = Number(raw);
    met =
      op === '<='
        ? figure.value <= bound
        : op === '>='
          ? figure.value >= bound
          : figure.value === bound;
  }
  figures.push({ ...figure, met });
  const value = Number.isInteger(figure.value) ? figure.value : figure.value.toFixed(2);
  const p99 = figure.p99 === undefined ? '' : `  p99 ${figure.p99.toFixed(2)} ${figure.unit}`;
  const verdict = figure.target ? `  target ${figure.target}: ${met ? 'met' : 'MISSED'}` : '';
  console.log(`${figure.name.padEnd(58)} ${value} ${figure.unit}${p99}${verdict}`);
}

/** The real engine plus this process as a runner for the given actors (the tests' fixture). */
export const startRig = <A extends RegistryActors>(use: A) => startRivet({ use });

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
