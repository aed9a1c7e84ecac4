// `npm run bench`: every question in turn, one line per figure, then bench/results/latest.json.
// Each question runs in a process of its own: RivetKit keeps one native runtime per process, and
// a question's engine and runner must not outlive it into the next one's figures.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { type Figure, figures } from './lib.ts';

const questions = [
  'latency',
  'actions',
  'hot-signals',
  'fan-out',
  'live-views',
  'one-hot-signal',
  'realistic-state',
  'sharded-counter',
  'placement',
  'multiplex',
  'contention',
  'cold-start',
];

const one = process.env.BENCH_QUESTION;
if (one) {
  // The child: one question, its figures to the file the parent reads.
  const { run } = (await import(`./${one}.ts`)) as { run: () => Promise<void> };
  await run();
  await writeFile(process.env.BENCH_FIGURES as string, JSON.stringify(figures));
  process.exit(0);
}

const only = process.argv.slice(2);
const dir = await mkdtemp(join(tmpdir(), 'reactive-rsc-bench-'));
const all: Figure[] = [];
const failed: string[] = [];
for (const name of questions) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`# ${name}`);
  const out = join(dir, `${name}.json`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, import.meta.filename], {
      env: { ...process.env, BENCH_QUESTION: name, BENCH_FIGURES: out },
      stdio: 'inherit',
    });
    child.once('exit', resolve);
  });
  if (code === 0) all.push(...(JSON.parse(await readFile(out, 'utf8')) as Figure[]));
  else failed.push(name);
}
await rm(dir, { recursive: true, force: true });

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
console.log(`# machine: ${machine}`);
// Only a full run, with every question answered, replaces the recorded results.
const complete = only.length === 0 && failed.length === 0;
if (complete) {
  await writeFile(
    new URL('./results/latest.json', import.meta.url),
    `${JSON.stringify(all, null, 2)}\n`,
  );
}
const where = complete
  ? 'written to bench/results/latest.json'
  : `not recorded (${failed.length ? `failed: ${failed.join(', ')}` : 'partial run'})`;
const missed = all.filter((f) => f.met === false).map((f) => f.name);
console.log(
  `# ${all.length} figures ${where}; targets missed: ${missed.length ? missed.join('; ') : 'none'}`,
);
process.exit(failed.length ? 1 : 0);
