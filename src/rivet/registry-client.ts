import type { Registry, RegistryActors } from 'rivetkit';
import { createClient } from 'rivetkit/client';
import { keepRunnerNoDelay } from './runner-nodelay.ts';
import { withTimeout } from './timeout.ts';

export interface RegistryClientOptions<A extends RegistryActors> {
  registry: Registry<A>;
  /** Run this process as a runner for the registry first (`startAndWait`). Default `true`. */
  start?: boolean;
  endpoint?: string;
  token?: string;
  rivetNamespace?: string;
  /**
   * When this process is the runner (`start`), keep TCP_NODELAY on RivetKit's native socket to
   * the engine, which 2.3.19 opens with Nagle on (write → event ~48 ms instead of ~5 ms; see
   * docs/latency.md). Linux only. Default `true`, or `false` when the environment has
   * `REACTIVE_RSC_RUNNER_NODELAY=0`.
   */
  runnerNoDelay?: boolean;
}

/** The default of `runnerNoDelay`: on unless `REACTIVE_RSC_RUNNER_NODELAY=0`. */
export const runnerNoDelayByDefault = (): boolean =>
  process.env.REACTIVE_RSC_RUNNER_NODELAY !== '0';

export interface RegistryClient {
  /** The client's accessor for one actor type, once the runner (if any) is up. */
  actor<T>(name: string): Promise<T>;
  dispose(): Promise<void>;
}

/**
 * The RivetKit client for a registry, made once the process serves the registry (RivetKit
 * shares one start-up per registry, so every caller may ask). `disableMetadataLookup` makes an
 * unreachable engine fail fast instead of retrying a lookup forever.
 */
export function createRegistryClient<A extends RegistryActors>(
  options: RegistryClientOptions<A>,
): RegistryClient {
  const { registry, start = true, runnerNoDelay = runnerNoDelayByDefault() } = options;
  let client: Promise<Record<string, unknown> & { dispose(): Promise<void> }> | undefined;
  const connect = () => {
    client ??= (async () => {
      if (start) {
        await withTimeout(registry.startAndWait(), 60_000, 'starting the RivetKit registry');
        const { endpoint } = registry.parseConfig();
        if (runnerNoDelay && endpoint) keepRunnerNoDelay(endpoint);
      }
      const made = createClient<Registry<A>>({
        endpoint: options.endpoint ?? registry.parseConfig().endpoint,
        token: options.token,
        namespace: options.rivetNamespace,
        disableMetadataLookup: true,
      });
      return made as unknown as Record<string, unknown> & { dispose(): Promise<void> };
    })();
    return client;
  };
  return {
    async actor<T>(name: string) {
      return (await connect())[name] as T;
    },
    async dispose() {
      if (client) await (await client.catch(() => undefined))?.dispose();
    },
  };
}
