#!/usr/bin/env node
// reactive-rsc engine [config.json]  runs the rivet-engine binary RivetKit ships, with the given
//                                    config or the package's rivet.json, until SIGINT/SIGTERM.
// reactive-rsc stop-engine           stops the engine RivetKit spawned on its own (the embedded
//                                    default, which outlives the process that started it).
// Plain JavaScript so that it runs from the published package as it is, with no build.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [command, arg] = process.argv.slice(2);

const defaultConfig = fileURLToPath(new URL('../rivet.json', import.meta.url));
if (command === 'engine') await engine(arg ?? defaultConfig);
else if (command === 'stop-engine') await stopEngine();
else {
  console.error('usage: reactive-rsc engine [config.json] | reactive-rsc stop-engine');
  process.exit(command ? 1 : 0);
}

async function engine(configPath) {
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  // The binary is RivetKit's (@rivetkit/engine-cli picks the package for this platform); it is
  // resolved from rivetkit, the app's own dependency, so the engine matches the app's RivetKit.
  const fromRivetkit = createRequire(import.meta.resolve('rivetkit'));
  const enginePath = fromRivetkit('@rivetkit/engine-cli').getEnginePath();
  const env = { ...process.env };
  delete env.RUST_BACKTRACE; // makes the engine about ten times slower
  const child = spawn(enginePath, ['--config', resolve(configPath), 'start'], {
    env,
    stdio: 'inherit',
  });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  }
  child.on('exit', (code, signal) => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))));

  // Environment variables (RIVET__GUARD__PORT, …) override the file, as in the engine itself.
  const host = process.env.RIVET__GUARD__HOST ?? config.guard?.host ?? '::';
  const port = process.env.RIVET__GUARD__PORT ?? config.guard?.port ?? 6420;
  const endpoint = `http://${host === '::' || host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  for (let tries = 0; tries < 600 && !stopping; tries++) {
    try {
      if ((await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) })).ok) {
        console.log(`rivet-engine listening on ${endpoint} (config ${resolve(configPath)})`);
        console.log(`app servers: RIVET_ENDPOINT=${endpoint} RIVET_RUN_SERVICES=0`);
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopEngine() {
  const here = new URL('../dist/src/rivet/embedded-engine.js', import.meta.url);
  const { embeddedEngineDir, stopEmbeddedEngine } = await import(here.href);
  const pid = await stopEmbeddedEngine();
  console.log(
    pid
      ? `stopped the embedded engine (pid ${pid}); its data stays in ${embeddedEngineDir()}`
      : `no embedded engine running (looked in ${embeddedEngineDir()})`,
  );
}
