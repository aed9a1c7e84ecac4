import { processGlobal } from '../core/process-global.ts';

interface Closable {
  close(): void;
}

/** Open hubs by name, kept across module reloads (each reload has its own copy of this module). */
const namedHubs = processGlobal('hubs', () => new Map<string, Closable>());

/** Makes `hub` this process's one hub named `name`, closing the one it takes over from. */
export function claimHubName(name: string, hub: Closable): void {
  namedHubs.get(name)?.close();
  namedHubs.set(name, hub);
}

/** Lets go of `name` when a hub closes, unless another hub took it over already. */
export function releaseHubName(name: string, hub: Closable): void {
  if (namedHubs.get(name) === hub) namedHubs.delete(name);
}
