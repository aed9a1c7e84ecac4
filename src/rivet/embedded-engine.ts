import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where RivetKit's embedded engine keeps its files: `RIVETKIT_STORAGE_PATH` or the home dir. */
export function embeddedEngineDir(): string {
  return join(process.env.RIVETKIT_STORAGE_PATH ?? homedir(), '.rivetkit');
}

/**
 * Stops the engine RivetKit spawned for this machine's embedded default. That engine outlives
 * the process that started it by design (so restarts are fast), so whoever wants it gone stops
 * it. Resolves with its pid, or `undefined` when none was running.
 */
export async function stopEmbeddedEngine(): Promise<number | undefined> {
  const stamp = join(embeddedEngineDir(), 'var', 'engine', 'runtime.json');
  let pid: number | undefined;
  try {
    pid = (JSON.parse(await readFile(stamp, 'utf8')) as { pid?: number }).pid;
  } catch {
    return undefined;
  }
  if (!pid) return undefined;
  try {
    process.kill(pid, 'SIGTERM');
    return pid;
  } catch {
    return undefined; // already gone
  }
}
