// `npm run bench`: every question in turn, one line per figure, then bench/results/latest.json.
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { figures } from './lib.ts';

const questions = [
  'latency',
  'actions',
  'hot-signals',
  'fan-out',
  'multiplex',
  'contention',
  'cold-start',
];
const only = process.argv.slice(2);

for (const name of questions) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`# ${name}`);
  const { run } = (await import(`./${name}.ts`)) as { run: () => Promise<void> };
  await run();
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
console.log(`# machine: ${machine}`);
// Only a full run replaces the recorded results.
if (only.length === 0) {
  await writeFile(
    new URL('./results/latest.json', import.meta.url),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
}
const where =
  only.length === 0 ? 'written to bench/results/latest.json' : 'not recorded (partial run)';
const missed = figures.filter((f) => f.met === false).map((f) => f.name);
console.log(
  `# ${figures.length} figures ${where}; targets missed: ${missed.length ? missed.join('; ') : 'none'}`,
);
process.exit(0);
