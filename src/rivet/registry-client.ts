import type { Registry, RegistryActors } from 'rivetkit';
import { type Client, createClient } from 'rivetkit/client';
import { BackendUnavailableError } from '../errors.ts';
import { dataId, type Lease, lease } from './lease.ts';
import { keepRunnerNoDelay } from './runner-nodelay.ts';
import { withTimeout } from './timeout.ts';

export interface RegistryClientOptions<A extends RegistryActors> {
  registry: Registry<A>;
  /**
   * Serve the registry from this process: as a long-lived runner (`startAndWait`), or in
   * RivetKit's serverless mode (`RIVETKIT_RUNTIME_MODE=serverless`) through the registry's
   * handler, which the engine calls to start runners. Default `true`.
   */
  start?: boolean;
  /** Where the engine is. Default: the registry's (`setup({ endpoint })`, `RIVET_ENDPOINT`, or embedded). */
  endpoint?: string;
  /** Default: the registry's (`setup({ token })` or `RIVET_TOKEN`). */
  token?: string;
  /** Default: the registry's (`setup({ namespace })` or `RIVET_NAMESPACE`). */
  rivetNamespace?: string;
  /**
   * When this process is the runner (`start`), keep TCP_NODELAY on RivetKit's native socket to
   * the engine, which 2.3.19 opens with Nagle on (write → event ~48 ms instead of ~5 ms; see
   * docs/latency.md). Linux only. Default `true`, or `false` when the environment has
   * `REACTIVE_RSC_RUNNER_NODELAY=0`.
   */
  runnerNoDelay?: boolean;
}

/**
 * The engine's workflow worker takes fewer workflows (creating an actor among them) as the
 * host's CPU fills, down to 5% above 90%. An engine on the app's own machine counts the app's
 * and the browser's load as its own, and new actors then stay unrouted until the request's
 * deadline (measured: most first visits of new users failing at a load of 4 on 2 cores). For the
 * engine RivetKit spawns on this machine, a CPU budget of 1,000 cores keeps every workflow.
 */
const NO_LOAD_SHEDDING_CPU = '1000000';

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/**
 * RivetKit spawns its embedded engine only outside production; a production process without an
 * endpoint would otherwise fail deep inside RivetKit (`endpoint_not_configured`).
 */
export const NO_ENGINE_MESSAGE =
  'No Rivet engine to connect to: with NODE_ENV=production RivetKit does not start its embedded ' +
  'engine. Set RIVET_ENDPOINT to your engine (`npx reactive-rsc engine` starts one with the ' +
  "package's rivet.json), or set RIVET_RUN_ENGINE=1 to run the embedded engine on this machine.";

/**
 * RivetKit's serverless mode: the process serves the registry only through `registry.handler()`
 * (the engine calls `<base>/start` on it to run actors), and `startAndWait()` rejects.
 */
export const serverlessMode = (): boolean => process.env.RIVETKIT_RUNTIME_MODE === 'serverless';

/**
 * In serverless mode with `setup({ configurePool })`, RivetKit writes the engine's pool on the
 * first request its handler serves, but the engine sends none before the pool exists: one
 * metadata request here, answered by the registry's own handler, makes RivetKit write it.
 */
async function configureServerlessPool<A extends RegistryActors>(registry: Registry<A>) {
  const config = registry.parseConfig();
  if (!config.configurePool) return;
  const base = config.serverless.basePath ?? '/api/rivet';
  const answer = await registry.handler(new Request(`http://127.0.0.1${base}/metadata`));
  await answer.body?.cancel();
  if (answer.status === 503) {
    throw new BackendUnavailableError(
      `RivetKit could not configure the serverless pool on the engine at ${config.endpoint} (setup({ configurePool })); check the endpoint, namespace and token`,
    );
  }
}

/**
 * An engine with an admin token (`auth.admin_token` in its config, or Rivet cloud) refuses a
 * runner without it, and RivetKit reports that deep in an internal error (or, racing its own
 * shut-down, not at all). After a failed start this asks the engine's API with the same token:
 * its 403 says whether the token was missing or wrong.
 */
async function tokenRefusal(
  endpoint: string,
  token: string | undefined,
  cause: unknown,
): Promise<BackendUnavailableError | undefined> {
  const answer = await fetch(
    new URL('datacenters', endpoint.endsWith('/') ? endpoint : `${endpoint}/`),
    {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(5_000),
    },
  ).catch(() => undefined);
  if (answer?.status !== 403) return undefined;
  const { message } = (await answer.json().catch(() => ({}))) as { message?: string };
  // With no token set, RivetKit sends "dev".
  const what =
    token && token !== 'dev'
      ? `refused this process's token (${message ?? '403'})`
      : `wants a token and none is set (${message ?? '403'})`;
  return new BackendUnavailableError(
    `The Rivet engine at ${endpoint} ${what}: set RIVET_TOKEN, or setup({ token }), to the engine's token`,
    { cause },
  );
}

/** The default of `runnerNoDelay`: on unless `REACTIVE_RSC_RUNNER_NODELAY=0`. */
export const runnerNoDelayByDefault = (): boolean =>
  process.env.REACTIVE_RSC_RUNNER_NODELAY !== '0';

export interface RegistryClient<A extends RegistryActors> {
  /** RivetKit's typed client, once this process serves the registry (with `start`). */
  ready(): Promise<Client<Registry<A>>>;
  /** The client once `ready()` has resolved, else `undefined`. */
  readonly current: Client<Registry<A>> | undefined;
}

/**
 * RivetKit's client for a registry, shared in this process by everyone who asks with the same
 * settings (every backend and relay of the registry, whatever their namespaces), and disposed
 * when the last lease is released: one client, so one set of connections, per process.
 */
export function leaseRegistryClient<A extends RegistryActors>(
  options: RegistryClientOptions<A>,
): Lease<RegistryClient<A>> {
  const { start = true, runnerNoDelay = runnerNoDelayByDefault() } = options;
  const settings = { ...options, start, runnerNoDelay };
  const id =
    dataId([options.endpoint, options.token, options.rivetNamespace, start, runnerNoDelay]) ??
    crypto.randomUUID();
  return lease(
    options.registry,
    id,
    () => createRegistryClient(settings),
    (made) => made.dispose(),
  );
}

/**
 * The client is made once the process serves the registry (RivetKit shares one start-up per
 * registry, so every caller may ask). `disableMetadataLookup` makes an unreachable engine fail
 * fast instead of retrying a lookup forever.
 */
function createRegistryClient<A extends RegistryActors>(
  options: RegistryClientOptions<A> & { start: boolean; runnerNoDelay: boolean },
): RegistryClient<A> & { dispose(): Promise<void> } {
  const { registry, start, runnerNoDelay } = options;
  let client: Promise<Client<Registry<A>>> | undefined;
  let current: Client<Registry<A>> | undefined;
  const connect = () => {
    client ??= (async () => {
      // The registry's own settings (setup({ endpoint, token, namespace }), else RIVET_* from the
      // environment) unless the caller names others.
      const config = registry.parseConfig();
      const endpoint = options.endpoint ?? config.endpoint;
      if (!endpoint) throw new BackendUnavailableError(NO_ENGINE_MESSAGE);
      if (start && serverlessMode()) {
        await withTimeout(configureServerlessPool(registry), 60_000, 'configuring the pool');
      } else if (start) {
        if (isLoopback(endpoint))
          process.env.RIVET__RUNTIME__WORKER_CPU_MAX ??= NO_LOAD_SHEDDING_CPU;
        await withTimeout(registry.startAndWait(), 60_000, 'starting the RivetKit registry').catch(
          async (error: unknown) => {
            throw (await tokenRefusal(endpoint, config.token, error)) ?? error;
          },
        );
        // The runner's own socket to the engine: the registry's endpoint, whatever the client's.
        if (runnerNoDelay && config.endpoint) keepRunnerNoDelay(config.endpoint);
      }
      current = createClient<Registry<A>>({
        endpoint,
        token: options.token ?? config.token,
        namespace: options.rivetNamespace ?? config.namespace,
        disableMetadataLookup: true,
      });
      return current;
    })();
    return client;
  };
  return {
    ready: connect,
    get current() {
      return current;
    },
    async dispose() {
      if (client) await (await client.catch(() => undefined))?.dispose();
    },
  };
}
