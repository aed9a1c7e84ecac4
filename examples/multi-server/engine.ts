// Starts the rivet-engine that RivetKit ships with the project's rivet.json (or the config file
// given as the first argument), for several app servers to share. Ctrl-C stops it.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const enginePath: string = require('@rivetkit/engine-cli').getEnginePath();
const config = process.argv[2] ?? 'rivet.json';

const env = { ...process.env };
delete env.RUST_BACKTRACE; // makes the engine about ten times slower
const engine = spawn(enginePath, ['--config', config, 'start'], { env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => engine.kill('SIGTERM'));
}
engine.on('exit', (code) => process.exit(code ?? 0));
